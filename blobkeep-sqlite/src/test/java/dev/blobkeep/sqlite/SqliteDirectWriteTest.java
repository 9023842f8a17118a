package dev.blobkeep.sqlite;

import dev.blobkeep.testkit.DirectWriteWorker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A channel write of a direct buffer three times the heap: memory bounded by a chunk, not it. */
class SqliteDirectWriteTest {
  @TempDir Path tmp;

  @Test
  void aDirectBufferLargerThanTheHeapIsWrittenThroughAChannel() throws Exception {
    String out =
        DirectWriteWorker.runInSmallHeap(
            tmp.resolve("direct.db").toString(), 96 << 20, tmp.resolve("worker.log"));
    System.out.println("direct buffer write (96 MiB, -Xmx32m): " + out);
  }
}
