package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.KeyOrderContract;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;

class SqliteKeyOrderTest extends KeyOrderContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
