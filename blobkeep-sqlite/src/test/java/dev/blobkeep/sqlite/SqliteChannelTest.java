package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.ChannelContract;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;

class SqliteChannelTest extends ChannelContract {
  @Override
  protected StoreFixture newFixture() {
    return new SqliteFixture();
  }
}
