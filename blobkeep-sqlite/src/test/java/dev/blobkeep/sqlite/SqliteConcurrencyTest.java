package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.ConcurrencyContract;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;

class SqliteConcurrencyTest extends ConcurrencyContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
