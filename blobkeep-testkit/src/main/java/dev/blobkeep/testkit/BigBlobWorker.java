package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Puts {@code SIZE} bytes of generated data and gets them back into a digest, in a JVM started with
 * a small heap. Prints {@code OK <sha256> <peak heap bytes>} or fails.
 *
 * <p>Usage: {@code BigBlobWorker LOCATION SIZE}
 */
public final class BigBlobWorker {
  private BigBlobWorker() {}

  /**
   * Runs this worker in a child JVM with {@code -Xmx64m} on the store at {@code location}, and
   * checks that it finished with {@code OK}: finishing in that heap is the proof that memory does
   * not grow with the blob. The printed peak adds up each heap pool's own peak, reached at
   * different times, so it can exceed the limit (91 MB seen) and is not checked.
   *
   * @return what the worker printed
   */
  public static String runInSmallHeap(String location, long size, Path log) throws Exception {
    Process p = ChildJvm.start(List.of("-Xmx64m"), BigBlobWorker.class, log, location, "" + size);
    assertThat(p.waitFor(20, TimeUnit.MINUTES)).as("worker finished in 20 minutes").isTrue();
    String out = Files.readString(log);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).startsWith("OK ");
    return out.strip();
  }

  public static void main(String[] args) throws Exception {
    String location = args[0];
    long size = Long.parseLong(args[1]);
    try (BlobStore store = BlobStore.open(location)) {
      GeneratedStream in = new GeneratedStream(size, 42);
      long t0 = System.nanoTime();
      BlobInfo info = store.put(in, PutOptions.at("big", "blob"));
      long t1 = System.nanoTime();
      String sent = HexFormat.of().formatHex(in.digest());
      if (!sent.equals(info.sha256()) || info.size() != size) {
        throw new AssertionError(
            "put stored " + info.size() + " bytes sha " + info.sha256() + ", sent " + sent);
      }
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long[] n = new long[1];
      store.get(
          info.ref(),
          new OutputStream() {
            @Override
            public void write(int b) {
              sha.update((byte) b);
              n[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
              sha.update(b, off, len);
              n[0] += len;
            }
          });
      long t2 = System.nanoTime();
      String got = HexFormat.of().formatHex(sha.digest());
      if (!got.equals(sent) || n[0] != size) {
        throw new AssertionError(
            "get returned " + n[0] + " bytes sha " + got + ", expected " + sent);
      }
      System.out.printf(
          Locale.ROOT,
          "OK %s %d put=%.1fMB/s get=%.1fMB/s%n",
          got,
          peakHeap(),
          size / 1e6 / ((t1 - t0) / 1e9),
          size / 1e6 / ((t2 - t1) / 1e9));
    }
  }

  /**
   * The most heap in use at once, sampled every 5 ms by a daemon thread (adding each pool's own
   * peak would count peaks reached at different times).
   */
  private static final java.util.concurrent.atomic.AtomicLong PEAK =
      new java.util.concurrent.atomic.AtomicLong();

  static {
    Thread sampler =
        new Thread(
            () -> {
              var memory = ManagementFactory.getMemoryMXBean();
              while (true) {
                PEAK.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  static long peakHeap() {
    return PEAK.get();
  }

  /** Deterministic pseudo-random bytes, digested as they are read. */
  static final class GeneratedStream extends InputStream {
    private final long size;
    private final MessageDigest sha;
    private long position;
    private long state;

    GeneratedStream(long size, long seed) throws Exception {
      this.size = size;
      this.state = seed;
      this.sha = MessageDigest.getInstance("SHA-256");
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        state = state * 6364136223846793005L + 1442695040888963407L;
        b[off + i] = (byte) (state >>> 56);
      }
      sha.update(b, off, n);
      position += n;
      return n;
    }

    byte[] digest() {
      return sha.digest();
    }
  }
}
