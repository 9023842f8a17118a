package dev.blobkeep.postgres;

import dev.blobkeep.testkit.Md5Contract;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.StoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgAvailable.class)
class PostgresMd5Test extends Md5Contract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }
}
