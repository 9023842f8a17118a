package dev.blobkeep.internal;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.StoreException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
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
  /** Smallest blob written into its file on a thread of its own. */
  static final long WRITE_BEHIND_FROM = 1 << 20;

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
    boolean moved = false;
    try {
      // WRITE only: the file is new and empty, and truncating it would make ext4 flush it on close
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
          BlobInputStream in =
              new BlobInputStream(session, row, 0, row.size(), head.first(), true)) {
        if (writeBehind(row)) {
          copyBehind(in, channel, row);
        } else {
          in.writeTo(Channels.newOutputStream(channel));
        }
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      moved = true;
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new StoreException("cannot write " + target + ": " + why, e);
    } finally {
      if (!moved) {
        deleteQuietly(tmp); // whatever failed, an Error included
      }
    }
    return row.info();
  }

  /**
   * True if the blob is large enough that reading it and writing the file are better done at once,
   * on two threads ({@link WriteBehind}): more than one chunk, and at least {@value
   * #WRITE_BEHIND_FROM} bytes, against which a thread's start is small.
   */
  static boolean writeBehind(BlobRow row) {
    return row.size() >= WRITE_BEHIND_FROM && row.size() > row.chunkSize();
  }

  private static void copyBehind(BlobInputStream in, FileChannel channel, BlobRow row)
      throws IOException {
    WriteBehind out = new WriteBehind(channel, row.id());
    boolean complete = false;
    try {
      in.writeTo(out);
      out.close(); // every byte in the file, or the thread's failure
      complete = true;
    } finally {
      if (!complete) {
        out.abort(); // before the caller removes the file
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // the temporary file is named .NAME.*.part; nothing else depends on it
    }
  }
}
