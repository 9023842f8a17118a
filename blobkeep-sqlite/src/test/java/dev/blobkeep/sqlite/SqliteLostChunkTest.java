package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.LostChunkContract;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;

class SqliteLostChunkTest extends LostChunkContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
