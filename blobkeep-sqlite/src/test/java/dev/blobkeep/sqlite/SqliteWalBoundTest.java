package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code -wal} file is bounded: an upload grows it far past {@link StoreOptions#walSizeLimit},
 * and once the upload is done it shrinks back under the limit without any further write. The issue
 * speaks of a 2 GiB upload against the default 64 MiB limit; the same policy is shown here at a
 * scale the suite can afford: {@value #UPLOAD_MIB} MiB against a 2 MiB limit.
 */
class SqliteWalBoundTest {
  private static final int UPLOAD_MIB = 192;
  private static final long LIMIT = 2L * 1024 * 1024;
  private static final long SETTLE_SECONDS = 20;

  @TempDir Path tmp;

  @Test
  void theWalShrinksBackUnderItsLimitAfterALargeUpload() throws Exception {
    Path file = tmp.resolve("wal.db");
    Path wal = tmp.resolve("wal.db-wal");
    AtomicLong largest = new AtomicLong();
    AtomicBoolean uploading = new AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (uploading.get()) {
                largest.accumulateAndGet(size(wal), Math::max);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    try (BlobStore store =
        BlobStore.open(file.toString(), StoreOptions.defaults().walSizeLimit(LIMIT))) {
      sampler.start();
      BlobInfo big;
      try {
        big = store.put(new Repeating(UPLOAD_MIB * 1024L * 1024), PutOptions.at("b", "big"));
      } finally {
        uploading.set(false);
        sampler.join();
      }
      assertThat(big.size()).isEqualTo(UPLOAD_MIB * 1024L * 1024);
      assertThat(largest.get()).as("largest -wal seen during the upload").isGreaterThan(4 * LIMIT);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
      while (size(wal) > LIMIT && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(size(wal))
          .as("-wal size after the upload (largest during it: %d bytes)", largest.get())
          .isLessThanOrEqualTo(LIMIT);
      assertThat(store.verify(big.ref()).problems()).isEmpty();
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0; // removed between the two calls
    }
  }

  /** {@code length} bytes of one random MiB over and over: no zero runs the store would skip. */
  private static final class Repeating extends InputStream {
    private final byte[] block = Bytes.random(1024 * 1024, 42);
    private long left;
    private int at;

    Repeating(long length) {
      this.left = length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, left), block.length - at);
      System.arraycopy(block, at, b, off, n);
      at = (at + n) % block.length;
      left -= n;
      return n;
    }
  }
}
