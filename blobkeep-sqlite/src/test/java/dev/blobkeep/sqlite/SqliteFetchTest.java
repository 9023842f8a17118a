package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.FetchContract;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;

class SqliteFetchTest extends FetchContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
