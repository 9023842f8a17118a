package dev.blobkeep.mariadb;

import dev.blobkeep.testkit.BigBlobWorker;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with blob size on MariaDB either (Connector/J streams result rows, never a
 * whole result set): a put and get in a JVM limited to a 64 MiB heap. Size: system property {@code
 * blobkeep.big.bytes}, default 512 MiB here (the server writes it all to its disk).
 */
@ExtendWith(MariaDbAvailable.class)
class MariadbBigBlobTest {
  @TempDir Path tmp;

  @Test
  void aBigBlobGoesThroughA64MebibyteHeap() throws Exception {
    long size = Long.getLong("blobkeep.big.bytes", 512L << 20);
    try (MariaDbFixture fixture = new MariaDbFixture()) {
      String out =
          BigBlobWorker.runInSmallHeap(fixture.location(), size, tmp.resolve("worker.log"));
      System.out.println("MariaDB big blob (" + size + " bytes, -Xmx64m): " + out);
    }
  }
}
