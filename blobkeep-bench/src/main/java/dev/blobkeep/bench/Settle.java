package dev.blobkeep.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Lets the machine settle between two contenders: writes the system's dirty pages to disk, so that
 * the next contender neither pays for the previous one's write-back nor gets a cache that is still
 * absorbing its writes. Without it, on Linux, a file copy measured right after a 1 GiB get ran at a
 * quarter of its speed measured right after another copy.
 */
final class Settle {
  private Settle() {}

  /** Runs {@code sync} where there is one; does nothing elsewhere or if it fails. */
  static void now() {
    try {
      Process p = new ProcessBuilder("sync").redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      p.waitFor(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Writes {@code bytes} to a scratch file in {@code dir} and deletes it, so that the memory a side
   * is about to fill with page cache has just been in use. On a virtual machine that returns free
   * memory to its host (virtio-balloon free page reporting, as on this machine kind: freed 2 MiB
   * blocks go back to the host about two seconds after they are freed), the first writer of 1 GiB
   * after an idle pause faulted every page back in: a file copy ran at 405-631 MB/s after a pause
   * against 3,300-3,500 right after another copy, and each side of {@code large-get} was slow
   * whenever it ran after the {@code sync} and the other side's run. Called right before the timed
   * part of each side of every large row (local, PostgreSQL, MariaDB and S3), it gives every side
   * the same footing.
   */
  static void primeMemory(Path dir, long bytes) throws IOException {
    Path scratch = dir.resolve("prime-memory.tmp");
    ByteBuffer zeros = ByteBuffer.allocateDirect(LargeData.COPY_BUFFER);
    try (FileChannel out =
        FileChannel.open(
            scratch,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long done = 0; done < bytes; ) {
        zeros.clear();
        done += out.write(zeros);
      }
    } finally {
      Files.deleteIfExists(scratch);
    }
  }
}
