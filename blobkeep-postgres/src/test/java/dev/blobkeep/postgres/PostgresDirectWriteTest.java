package dev.blobkeep.postgres;

import dev.blobkeep.testkit.DirectWriteWorker;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A channel write of a direct buffer three times the heap: memory bounded by a chunk, not it. */
@ExtendWith(PgAvailable.class)
class PostgresDirectWriteTest {
  @TempDir Path tmp;

  @Test
  void aDirectBufferLargerThanTheHeapIsWrittenThroughAChannel() throws Exception {
    try (PgFixture fixture = new PgFixture()) {
      String out =
          DirectWriteWorker.runInSmallHeap(fixture.location(), 96 << 20, tmp.resolve("worker.log"));
      System.out.println("PostgreSQL direct buffer write (96 MiB, -Xmx32m): " + out);
    }
  }
}
