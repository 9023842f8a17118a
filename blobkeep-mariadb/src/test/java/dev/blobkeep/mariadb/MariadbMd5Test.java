package dev.blobkeep.mariadb;

import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import dev.blobkeep.testkit.Md5Contract;
import dev.blobkeep.testkit.StoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbAvailable.class)
class MariadbMd5Test extends Md5Contract {
  @Override
  protected StoreFixture newFixture() {
    return new MariaDbFixture();
  }
}
