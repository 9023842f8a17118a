package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.PutGetContract;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;

class SqlitePutGetTest extends PutGetContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
