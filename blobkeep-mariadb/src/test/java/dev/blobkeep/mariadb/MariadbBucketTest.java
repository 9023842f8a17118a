package dev.blobkeep.mariadb;

import dev.blobkeep.testkit.BucketContract;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import dev.blobkeep.testkit.StoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbAvailable.class)
class MariadbBucketTest extends BucketContract {
  @Override
  protected StoreFixture newFixture() {
    return new MariaDbFixture();
  }
}
