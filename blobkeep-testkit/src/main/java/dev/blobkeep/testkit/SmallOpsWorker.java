package dev.blobkeep.testkit;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import java.util.Arrays;
import java.util.Random;

/**
 * Small puts and gets in a loop until a stop file appears, measuring each; prints {@code OPS n
 * MAXMS m ERRORS e}. Used as the second process beside a long upload.
 *
 * <p>Usage: {@code SmallOpsWorker LOCATION STOPFILE}
 */
public final class SmallOpsWorker {
  private SmallOpsWorker() {}

  public static void main(String[] args) throws Exception {
    java.nio.file.Path stop = java.nio.file.Path.of(args[1]);
    try (BlobStore store = BlobStore.open(args[0])) {
      SmallOps ops = new SmallOps(store, "proc");
      System.out.println("READY");
      System.out.flush();
      while (!java.nio.file.Files.exists(stop)) {
        ops.once();
      }
      System.out.println(ops.summary());
    }
  }

  /** One small put and one get of it, timed; failures counted, never thrown. */
  public static final class SmallOps {
    private final BlobStore store;
    private final String bucket;
    private final Random random = new Random();
    public long count;
    public long errors;
    public long maxNanos;
    public String firstError;

    public SmallOps(BlobStore store, String bucket) {
      this.store = store;
      this.bucket = bucket;
    }

    public void once() {
      byte[] data = Bytes.random(8_000 + random.nextInt(4_000), random.nextLong());
      long t0 = System.nanoTime();
      try {
        BlobInfo info = store.put(data, PutOptions.in(bucket));
        if (!Arrays.equals(store.getBytes(info.ref()), data)) {
          throw new AssertionError("small blob " + info.id() + " read back different bytes");
        }
        count++;
      } catch (RuntimeException | AssertionError e) {
        errors++;
        if (firstError == null) {
          firstError = e.toString();
        }
      }
      maxNanos = Math.max(maxNanos, System.nanoTime() - t0);
    }

    public String summary() {
      return "OPS "
          + count
          + " MAXMS "
          + maxNanos / 1_000_000
          + " ERRORS "
          + errors
          + (firstError == null ? "" : " FIRST " + firstError);
    }
  }
}
