package dev.blobkeep.mariadb;

import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import dev.blobkeep.testkit.StagingContract;
import dev.blobkeep.testkit.StoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbAvailable.class)
class MariadbStagingTest extends StagingContract {
  @Override
  protected StoreFixture newFixture() {
    return new MariaDbFixture();
  }
}
