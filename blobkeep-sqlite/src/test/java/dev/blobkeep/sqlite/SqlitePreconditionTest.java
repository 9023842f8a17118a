package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.PreconditionContract;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;

class SqlitePreconditionTest extends PreconditionContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
