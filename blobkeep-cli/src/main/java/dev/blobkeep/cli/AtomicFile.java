package dev.blobkeep.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see the old content or all of the new, never a part: the bytes go
 * to a hidden temporary file beside the target, which is synced and then moved into place. On
 * failure the temporary file is removed and the target is untouched.
 */
final class AtomicFile {
  /** Produces the content into a stream, which it must not close. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  /** Writes {@code content} to {@code target}, replacing any file there once it is complete. */
  static void write(Path target, Content content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      throw new IOException(target + " is a directory");
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException("cannot write " + target + ": no directory " + dir);
    }
    // Not Files.createTempFile: its mode is 0600 whatever the umask, and the file is kept.
    Path temp = dir.resolve("." + absolute.getFileName() + "." + randomSuffix() + ".part");
    FileChannel channel =
        FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
    try {
      try (channel;
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      move(temp, absolute);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static String randomSuffix() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
