package dev.blobkeep.postgres;

import dev.blobkeep.testkit.StoreFixture;
import dev.blobkeep.testkit.TransactionContract;

class PostgresTransactionTest extends TransactionContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
