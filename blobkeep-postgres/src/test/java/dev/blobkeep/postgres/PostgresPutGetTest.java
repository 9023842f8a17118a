package dev.blobkeep.postgres;

import dev.blobkeep.testkit.PutGetContract;
import dev.blobkeep.testkit.StoreFixture;

class PostgresPutGetTest extends PutGetContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
