package dev.blobkeep.mariadb;

import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import dev.blobkeep.testkit.StoreFixture;
import dev.blobkeep.testkit.TransactionContract;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbAvailable.class)
class MariadbTransactionTest extends TransactionContract {
  @Override
  protected StoreFixture newFixture() {
    return new MariaDbFixture();
  }
}
