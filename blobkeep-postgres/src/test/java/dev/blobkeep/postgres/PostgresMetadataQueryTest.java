package dev.blobkeep.postgres;

import dev.blobkeep.testkit.MetadataQueryContract;
import dev.blobkeep.testkit.StoreFixture;

class PostgresMetadataQueryTest extends MetadataQueryContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
