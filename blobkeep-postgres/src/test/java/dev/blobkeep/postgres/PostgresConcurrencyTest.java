package dev.blobkeep.postgres;

import dev.blobkeep.testkit.ConcurrencyContract;
import dev.blobkeep.testkit.StoreFixture;

class PostgresConcurrencyTest extends ConcurrencyContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
