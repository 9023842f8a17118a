package dev.blobkeep.mariadb;

import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import dev.blobkeep.testkit.ReadAheadContract;
import dev.blobkeep.testkit.StoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbAvailable.class)
class MariadbReadAheadTest extends ReadAheadContract {
  @Override
  protected StoreFixture newFixture() {
    return new MariaDbFixture();
  }
}
