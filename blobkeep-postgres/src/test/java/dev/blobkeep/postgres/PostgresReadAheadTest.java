package dev.blobkeep.postgres;

import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.ReadAheadContract;
import dev.blobkeep.testkit.StoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgAvailable.class)
class PostgresReadAheadTest extends ReadAheadContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
