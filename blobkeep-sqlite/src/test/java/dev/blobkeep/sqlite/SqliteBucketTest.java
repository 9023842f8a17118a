package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.BucketContract;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;

class SqliteBucketTest extends BucketContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
