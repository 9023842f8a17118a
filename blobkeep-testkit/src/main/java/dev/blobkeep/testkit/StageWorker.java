package dev.blobkeep.testkit;

import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import java.io.InputStream;
import java.util.Map;
import java.util.Random;

/**
 * Stages content that never ends into the store at {@code LOCATION}, printing {@code READY} once
 * more than two staging batches were read, and goes on until killed.
 *
 * <p>Usage: {@code StageWorker LOCATION}
 */
public final class StageWorker {
  /** Bytes read before {@code READY}: past the engine's first staging batches. */
  static final long READY_AFTER = 12L << 20;

  private StageWorker() {}

  public static void main(String[] args) {
    try (BlobStore store = BlobStore.open(args[0], CrashWorker.options())) {
      Random random = new Random(1);
      InputStream endless =
          new InputStream() {
            long given;

            @Override
            public int read() {
              byte[] one = new byte[1];
              read(one, 0, 1);
              return one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
              byte[] chunk = new byte[len];
              random.nextBytes(chunk);
              System.arraycopy(chunk, 0, b, off, len);
              long before = given;
              given += len;
              if (before <= READY_AFTER && given > READY_AFTER) {
                System.out.println("READY");
                System.out.flush();
              }
              return len;
            }
          };
      store.stage(endless, -1, PutOptions.in("crash").meta(Map.of("upload", "u1")));
    }
  }
}
