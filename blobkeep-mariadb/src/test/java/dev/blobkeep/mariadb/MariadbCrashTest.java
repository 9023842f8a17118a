package dev.blobkeep.mariadb;

import dev.blobkeep.testkit.CrashContract;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import dev.blobkeep.testkit.StoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The crash contract on MariaDB: the client JVM is killed. {@link MariaDbFixture} waits for a
 * killed worker's sessions to end before the store is checked, because the server finishes a COMMIT
 * it received even after the client is gone.
 */
@ExtendWith(MariaDbAvailable.class)
class MariadbCrashTest extends CrashContract {
  @Override
  protected StoreFixture newFixture() {
    return new MariaDbFixture();
  }
}
