package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StagingContract;
import dev.blobkeep.testkit.StoreFixture;

class SqliteStagingTest extends StagingContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
