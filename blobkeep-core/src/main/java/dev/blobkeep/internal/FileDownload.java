package dev.blobkeep.internal;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a blob into a file, replacing the file only once every byte has arrived: the bytes go to a
 * temporary file beside it ({@code .NAME.*.part}), which is then moved into place atomically. On
 * failure the temporary file is removed and the target is as it was.
 */
final class FileDownload {
  private FileDownload() {}

  /**
   * Writes the blob of {@code head} (its row and first chunk, already read) into {@code target}.
   *
   * @return the blob's info
   * @throws StoreException naming the file if it cannot be written
   */
  static BlobInfo run(Session session, Rows.Head head, Path target) {
    BlobRow row = head.row();
    Path dir = target.toAbsolutePath().getParent();
    Path tmp;
    try {
      // createFile, not createTempFile: the file gets the permissions any new file gets (the
      // umask applies), not createTempFile's owner-only ones.
      tmp =
          Files.createFile(
              dir.resolve(
                  "."
                      + target.getFileName()
                      + "."
                      + Long.toHexString(System.nanoTime())
                      + ".part"));
    } catch (IOException e) {
      throw new StoreException("cannot write into " + dir + ": " + e.getMessage(), e);
    }
    try {
      // WRITE only: the file is new and empty, and truncating it would make ext4 flush it on close
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE);
          BlobInputStream in =
              new BlobInputStream(session, row, 0, row.size(), head.first(), true)) {
        in.copyTo(out);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new StoreException("cannot write " + target + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
    return row.info();
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // the temporary file is named .NAME.*.part; nothing else depends on it
    }
  }
}
