package dev.blobkeep.postgres;

import dev.blobkeep.testkit.FetchContract;
import dev.blobkeep.testkit.StoreFixture;

class PostgresFetchTest extends FetchContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
