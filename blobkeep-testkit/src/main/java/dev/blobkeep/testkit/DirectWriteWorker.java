package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Allocates a blob of {@code SIZE} bytes and fills it with one {@link BlobChannel#write} of a
 * direct {@link ByteBuffer} of that size, in a JVM whose heap is much smaller than the buffer, then
 * reads it back into a digest. Prints {@code OK <sha256>} or fails.
 *
 * <p>Usage: {@code DirectWriteWorker LOCATION SIZE}
 */
public final class DirectWriteWorker {
  private DirectWriteWorker() {}

  /**
   * Runs the worker in a child JVM with {@code -Xmx32m} (the buffer lives outside the heap), and
   * checks it finished with {@code OK}: a write that copied the buffer into the heap whole would
   * die of {@link OutOfMemoryError}.
   *
   * @return what the worker printed
   */
  public static String runInSmallHeap(String location, int size, Path log) throws Exception {
    Process p =
        ChildJvm.start(
            List.of("-Xmx32m", "-XX:MaxDirectMemorySize=" + (2L * size + (64 << 20))),
            DirectWriteWorker.class,
            log,
            location,
            "" + size);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("worker finished in 10 minutes").isTrue();
    String out = Files.readString(log);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).startsWith("OK ");
    return out.strip();
  }

  public static void main(String[] args) throws Exception {
    String location = args[0];
    int size = Integer.parseInt(args[1]);
    ByteBuffer buf = ByteBuffer.allocateDirect(size);
    long state = 7;
    while (buf.hasRemaining()) {
      state = state * 6364136223846793005L + 1442695040888963407L;
      buf.put((byte) (state >>> 56));
    }
    buf.flip();
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    sent.update(buf.duplicate());
    try (BlobStore store = BlobStore.open(location)) {
      BlobInfo info = store.allocate(size, PutOptions.at("big", "direct"));
      try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE)) {
        int n = ch.write(buf);
        if (n != size || buf.hasRemaining() || ch.position() != size) {
          throw new AssertionError("write returned " + n + ", position " + ch.position());
        }
      }
      MessageDigest got = MessageDigest.getInstance("SHA-256");
      try (InputStream in = store.openStream(info.ref())) {
        byte[] b = new byte[64 * 1024];
        int r;
        while ((r = in.read(b)) > 0) {
          got.update(b, 0, r);
        }
      }
      String want = HexFormat.of().formatHex(sent.digest());
      String have = HexFormat.of().formatHex(got.digest());
      if (!want.equals(have)) {
        throw new AssertionError("read back sha " + have + ", wrote " + want);
      }
      System.out.println("OK " + have);
    }
  }
}
