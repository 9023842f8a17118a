package dev.blobkeep.postgres;

import dev.blobkeep.testkit.ChannelContract;
import dev.blobkeep.testkit.StoreFixture;

class PostgresChannelTest extends ChannelContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
