package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.testkit.ChildJvm;
import dev.blobkeep.testkit.SmallOpsWorker;
import dev.blobkeep.testkit.SmallOpsWorker.SmallOps;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long upload does not hold SQLite's write lock for its duration: small puts and gets from
 * another thread and another process keep completing while it runs. Upload size: system property
 * {@code blobkeep.longupload.bytes} (default 2 GiB); the worst stall is printed.
 */
class SqliteLongUploadTest {
  @TempDir Path tmp;

  @Test
  void smallOperationsKeepCompletingDuringAMultiGigabyteUpload() throws Exception {
    long size = Long.getLong("blobkeep.longupload.bytes", 2L << 30);
    String location = tmp.resolve("shared.db").toString();
    Path stop = tmp.resolve("stop");
    Path log = tmp.resolve("proc.log");
    try (BlobStore store = BlobStore.open(location)) {
      Process other =
          ChildJvm.start(List.of("-Xmx128m"), SmallOpsWorker.class, log, location, stop.toString());
      while (!Files.exists(log) || !Files.readString(log).contains("READY")) {
        assertThat(other.isAlive()).as("second process").isTrue();
        Thread.sleep(20);
      }
      SmallOps thread = new SmallOps(store, "thread");
      long[] during = new long[1];
      Thread uploader =
          new Thread(
              () -> {
                BlobInfo info = store.put(zeros(size), PutOptions.at("big", "upload"));
                assertThat(info.size()).isEqualTo(size);
              });
      long t0 = System.nanoTime();
      uploader.start();
      while (uploader.isAlive()) {
        thread.once();
        during[0]++;
      }
      uploader.join();
      double seconds = (System.nanoTime() - t0) / 1e9;
      Files.createFile(stop);
      assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String proc = Files.readString(log).strip();
      System.out.printf(
          "long upload: %d bytes in %.1f s; this thread: %s; other process: %s%n",
          size, seconds, thread.summary(), proc.substring(proc.indexOf("OPS")));
      assertThat(thread.errors).as(thread.summary()).isZero();
      assertThat(during[0]).as("small operations finished during the upload").isGreaterThan(10);
      assertThat(proc).contains("ERRORS 0");
      long procOps = Long.parseLong(proc.substring(proc.indexOf("OPS ") + 4).split(" ")[0]);
      assertThat(procOps).as("the other process's operations").isGreaterThan(10);
    }
  }

  /**
   * Non-zero pseudo-random bytes (zeros would be stored sparsely and skip the writes this test is
   * about).
   */
  private static InputStream zeros(long size) {
    return new InputStream() {
      long pos;

      @Override
      public int read() {
        return pos++ < size ? 1 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= size) {
          return -1;
        }
        int n = (int) Math.min(len, size - pos);
        for (int i = 0; i < n; i++) {
          b[off + i] = (byte) ((pos + i) * 31 + 7);
        }
        pos += n;
        return n;
      }
    };
  }
}
