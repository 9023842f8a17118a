package dev.blobkeep.reliability;

import dev.blobkeep.BlobStore;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link BlobStore#copyTo}: SQLite to MariaDB and back, every field and byte kept. */
@ExtendWith(MariaDbAvailable.class)
class CopyMariadbTest {

  @Test
  void roundTripSqliteMariadbSqliteKeepsEveryBlobAsItWas() throws Exception {
    CopyTest.roundTripThrough(new MariaDbFixture());
  }
}
