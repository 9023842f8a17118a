package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.IntegrityContract;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;

class SqliteIntegrityTest extends IntegrityContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
