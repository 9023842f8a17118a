package dev.blobkeep.mariadb;

import dev.blobkeep.testkit.DirectWriteWorker;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A channel write of a direct buffer three times the heap: memory bounded by a chunk, not it. */
@ExtendWith(MariaDbAvailable.class)
class MariadbDirectWriteTest {
  @TempDir Path tmp;

  @Test
  void aDirectBufferLargerThanTheHeapIsWrittenThroughAChannel() throws Exception {
    try (MariaDbFixture fixture = new MariaDbFixture()) {
      String out =
          DirectWriteWorker.runInSmallHeap(fixture.location(), 96 << 20, tmp.resolve("worker.log"));
      System.out.println("MariaDB direct buffer write (96 MiB, -Xmx32m): " + out);
    }
  }
}
