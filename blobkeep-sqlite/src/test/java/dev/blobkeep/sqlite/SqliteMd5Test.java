package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.Md5Contract;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;

class SqliteMd5Test extends Md5Contract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
