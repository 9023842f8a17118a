package dev.blobkeep.postgres;

import dev.blobkeep.testkit.ModelContract;
import dev.blobkeep.testkit.StoreFixture;

class PostgresModelTest extends ModelContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
