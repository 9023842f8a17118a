package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.testkit.BigBlobWorker;
import dev.blobkeep.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    Path log = tmp.resolve("worker.log");
    Process p =
        ChildJvm.start(
            List.of("-Xmx64m"),
            BigBlobWorker.class,
            log,
            tmp.resolve("big.db").toString(),
            Long.toString(size));
    assertThat(p.waitFor(20, TimeUnit.MINUTES)).isTrue();
    String out = Files.readString(log);
    System.out.println("big blob (" + size + " bytes, -Xmx64m): " + out.strip());
    assertThat(p.exitValue()).as(out).isZero();
    // Finishing under -Xmx64m is the proof; the printed peak is the sampled heap in use.
    assertThat(out).startsWith("OK ");
  }
}
