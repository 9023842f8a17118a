package dev.blobkeep.postgres;

import dev.blobkeep.testkit.BigBlobWorker;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with blob size on PostgreSQL either (pgjdbc holds one chunk per row, never a
 * whole result): a put and get in a JVM limited to a 64 MiB heap. Size: system property {@code
 * blobkeep.big.bytes}, default 512 MiB here (the server writes it all to its disk).
 */
@ExtendWith(PgAvailable.class)
class PostgresBigBlobTest {
  @TempDir Path tmp;

  @Test
  void aBigBlobGoesThroughA64MebibyteHeap() throws Exception {
    long size = Long.getLong("blobkeep.big.bytes", 512L << 20);
    try (PgFixture fixture = new PgFixture()) {
      String out =
          BigBlobWorker.runInSmallHeap(fixture.location(), size, tmp.resolve("worker.log"));
      System.out.println("PostgreSQL big blob (" + size + " bytes, -Xmx64m): " + out);
    }
  }
}
