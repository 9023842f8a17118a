package dev.blobkeep.postgres;

import dev.blobkeep.testkit.IntegrityContract;
import dev.blobkeep.testkit.StoreFixture;

class PostgresIntegrityTest extends IntegrityContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
