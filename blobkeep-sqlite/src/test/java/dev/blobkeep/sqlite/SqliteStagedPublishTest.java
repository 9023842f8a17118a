package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StagedPublishContract;
import dev.blobkeep.testkit.StoreFixture;

class SqliteStagedPublishTest extends StagedPublishContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
