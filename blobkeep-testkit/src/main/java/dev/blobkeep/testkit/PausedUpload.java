package dev.blobkeep.testkit;

import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A content stream of {@code 2 * BATCH} random bytes that, after its first {@code BATCH} bytes (by
 * then the upload has staged its first batch), prints {@code STAGED} and waits until a file exists.
 * Run as a worker ({@link #main}) it is an upload that another process can pause (SIGSTOP) in the
 * middle: {@code PausedUpload LOCATION GO_FILE} puts the stream under key {@code paused/blob} with
 * leases of 100 ms / 1 s, then prints {@code RESULT ok} or {@code RESULT failed: MESSAGE}.
 */
public final class PausedUpload extends InputStream {
  /** More than one staging batch of the engine (4 MiB). */
  public static final int BATCH = 5 << 20;

  private final byte[] content = Bytes.random(2 * BATCH, 17);
  private final Path go;
  private int pos;

  /** A stream that waits for {@code go} to exist after its first batch. */
  public PausedUpload(Path go) {
    this.go = go;
  }

  /** The whole content this stream returns. */
  public byte[] bytes() {
    return content.clone();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (pos >= content.length) {
      return -1;
    }
    if (pos == BATCH && !Files.exists(go)) {
      System.out.println("STAGED");
      System.out.flush();
      while (!Files.exists(go)) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          throw new IOException("interrupted while paused", e);
        }
      }
    }
    int n = Math.min(len, content.length - pos);
    if (pos < BATCH) {
      n = Math.min(n, BATCH - pos); // stop at the pause point
    }
    System.arraycopy(content, pos, b, off, n);
    pos += n;
    return n;
  }

  public static void main(String[] args) throws Exception {
    StoreOptions options =
        StoreOptions.defaults().leases(Duration.ofMillis(100), Duration.ofSeconds(1));
    try (BlobStore store = BlobStore.open(args[0], options)) {
      try {
        store.put(new PausedUpload(Path.of(args[1])), PutOptions.at("paused", "blob"));
        System.out.println("RESULT ok");
      } catch (RuntimeException e) {
        System.out.println("RESULT failed: " + e.getMessage());
      }
    }
  }
}
