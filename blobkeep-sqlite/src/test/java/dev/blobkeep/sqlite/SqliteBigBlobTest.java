package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.BigBlobWorker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with blob size: a 3 GiB put and get in a JVM limited to a 64 MiB heap (size:
 * system property {@code blobkeep.big.bytes}).
 */
class SqliteBigBlobTest {
  @TempDir Path tmp;

  @Test
  void threeGibibytesThroughA64MebibyteHeap() throws Exception {
    long size = Long.getLong("blobkeep.big.bytes", 3L << 30);
    String out =
        BigBlobWorker.runInSmallHeap(
            tmp.resolve("big.db").toString(), size, tmp.resolve("worker.log"));
    System.out.println("big blob (" + size + " bytes, -Xmx64m): " + out);
  }
}
