package dev.blobkeep.postgres;

import dev.blobkeep.testkit.ModelContract;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.StoreFixture;
import net.jqwik.api.lifecycle.AddLifecycleHook;

@AddLifecycleHook(PgAvailable.class)
class PostgresModelTest extends ModelContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
