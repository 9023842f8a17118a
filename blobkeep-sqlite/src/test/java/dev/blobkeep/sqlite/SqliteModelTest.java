package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.ModelContract;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;

class SqliteModelTest extends ModelContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
