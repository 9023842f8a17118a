package dev.blobkeep.postgres;

import dev.blobkeep.testkit.MetadataQueryContract;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.StoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgAvailable.class)
class PostgresMetadataQueryTest extends MetadataQueryContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
