package dev.blobkeep.postgres;

import dev.blobkeep.testkit.CrashContract;
import dev.blobkeep.testkit.StoreFixture;

class PostgresCrashTest extends CrashContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
