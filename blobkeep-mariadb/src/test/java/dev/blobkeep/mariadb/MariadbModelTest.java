package dev.blobkeep.mariadb;

import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import dev.blobkeep.testkit.ModelContract;
import dev.blobkeep.testkit.StoreFixture;
import net.jqwik.api.lifecycle.AddLifecycleHook;

@AddLifecycleHook(MariaDbAvailable.class)
class MariadbModelTest extends ModelContract {
  @Override
  protected StoreFixture newFixture() {
    return new MariaDbFixture();
  }
}
