package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;
import dev.blobkeep.testkit.TransactionContract;

class SqliteTransactionTest extends TransactionContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
