package dev.blobkeep.postgres;

import dev.blobkeep.testkit.CrashContract;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.StoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The crash contract on PostgreSQL: the client JVM is killed. {@link PgFixture} waits for a killed
 * worker's sessions to end before the store is checked, because the server finishes a COMMIT it
 * received even after the client is gone.
 */
@ExtendWith(PgAvailable.class)
class PostgresCrashTest extends CrashContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
