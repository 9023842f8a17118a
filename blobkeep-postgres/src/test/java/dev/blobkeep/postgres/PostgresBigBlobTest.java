package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.testkit.BigBlobWorker;
import dev.blobkeep.testkit.ChildJvm;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
      Path log = tmp.resolve("worker.log");
      Process p =
          ChildJvm.start(
              List.of("-Xmx64m"),
              BigBlobWorker.class,
              log,
              fixture.location(),
              Long.toString(size));
      assertThat(p.waitFor(20, TimeUnit.MINUTES)).isTrue();
      String out = Files.readString(log);
      System.out.println("PostgreSQL big blob (" + size + " bytes, -Xmx64m): " + out.strip());
      assertThat(p.exitValue()).as(out).isZero();
      // Finishing under -Xmx64m is the proof. The worker's "peak heap" adds up each pool's own
      // peak, reached at different times, and can exceed -Xmx (91 MB seen): not checked here.
      assertThat(out).startsWith("OK ");
    }
  }
}
