package dev.blobkeep.postgres;

import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.StoreFixture;
import dev.blobkeep.testkit.TransactionContract;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgAvailable.class)
class PostgresTransactionTest extends TransactionContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
