package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.MetadataQueryContract;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;

class SqliteMetadataQueryTest extends MetadataQueryContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
