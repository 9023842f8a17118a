package dev.blobkeep.server;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.Blobs;
import dev.blobkeep.OpenMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * PATCH: writes the body in place into an existing blob at the offset given by {@code
 * Content-Range: bytes FIRST-LAST/(SIZE|*)} or {@code ?offset=N}. The size never changes: a write
 * that would pass the end is refused with 416 and writes nothing.
 *
 * <p>The body is received in full first (in memory up to 1 MiB, else in a temporary file), then
 * written through a {@link BlobChannel} in one transaction (one channel write of the whole body,
 * read a chunk at a time from memory or the mapped file): a slow client never holds the database's
 * write lock, and a body that breaks off, or a write that fails half-way, leaves the blob as it
 * was. With a precondition ({@code If-Match} and the like) the blob's entity tag is checked again
 * in that transaction: of two PATCHes with the same {@code If-Match}, one wins and the other gets
 * 412.
 */
final class BlobPatch {
  private static final int IN_MEMORY = 1024 * 1024;
  private static final int PIECE = 1024 * 1024;

  private BlobPatch() {}

  static void patch(Exchange ex, BlobStore store, BlobInfo current) throws IOException {
    if (Preconditions.evaluate(ex, current) != Preconditions.Outcome.PROCEED) {
      throw BlobWrites.preconditionFailed(current.ref(), current);
    }
    Target target = target(ex, current);
    long declared = ex.contentLength();
    if (target.length >= 0 && declared >= 0 && declared != target.length) {
      throw HttpError.badRequest(
          "Content-Range names " + target.length + " bytes but Content-Length is " + declared);
    }
    long expected = target.length >= 0 ? target.length : declared;
    if (expected >= 0) {
      checkBounds(current, target.offset, expected);
    }
    Spool spool = Spool.receive(ex.body(), expected);
    try {
      if (target.length >= 0 && spool.size != target.length) {
        throw HttpError.badRequest(
            "Content-Range names " + target.length + " bytes but the body has " + spool.size);
      }
      checkBounds(current, target.offset, spool.size);
      String pinned = Preconditions.pin(ex, current);
      try {
        write(store, current, target.offset, spool, pinned);
      } catch (IOException | RuntimeException e) {
        HttpError lost = BlobWrites.lostRace(e, pinned);
        if (lost != null) {
          throw lost;
        }
        throw e;
      }
    } finally {
      spool.delete();
    }
    BlobWrites.answer(ex, 200, store.info(current.ref()));
  }

  /**
   * Writes the spooled body at {@code offset} in one transaction; with {@code pinned}, only if the
   * blob's entity tag is still that when the transaction writes. A body that fits in one buffer (in
   * memory, or the spool file mapped) is one channel write, which the store runs again on a
   * transient conflict, so a lost race ends in the library's precondition failure; a larger one is
   * written in pieces inside {@link BlobStore#inTransaction}.
   */
  private static void write(
      BlobStore store, BlobInfo current, long offset, Spool spool, String pinned)
      throws IOException {
    ByteBuffer whole = spool.buffer();
    if (whole != null) {
      try (BlobChannel channel = open(store, current, pinned)) {
        channel.position(offset);
        channel.write(whole);
      }
      return;
    }
    store.useTransaction(
        tx -> {
          try (BlobChannel channel = open(tx, current, pinned);
              InputStream in = spool.open()) {
            channel.position(offset);
            byte[] piece = new byte[PIECE];
            int n;
            while ((n = in.readNBytes(piece, 0, piece.length)) > 0) {
              channel.write(ByteBuffer.wrap(piece, 0, n));
            }
          }
        });
  }

  private static BlobChannel open(Blobs blobs, BlobInfo current, String pinned) {
    return pinned == null
        ? blobs.open(current.ref(), OpenMode.READ_WRITE)
        : blobs.open(current.ref(), OpenMode.READ_WRITE, pinned);
  }

  private record Target(long offset, long length) {}

  /** Offset and (if a Content-Range gave it) length of the write. */
  private static Target target(Exchange ex, BlobInfo current) {
    String range = ex.header("Content-Range");
    String offsetParam = ex.param("offset");
    if (range != null && offsetParam != null) {
      throw HttpError.badRequest("give either Content-Range or ?offset=, not both");
    }
    if (offsetParam != null) {
      return new Target(number("offset", offsetParam), -1);
    }
    if (range == null) {
      throw HttpError.badRequest("PATCH needs Content-Range: bytes FIRST-LAST/SIZE or ?offset=N");
    }
    String r = range.strip();
    if (!r.regionMatches(true, 0, "bytes ", 0, 6)) {
      throw HttpError.badRequest("Content-Range '" + range + "' is not in bytes");
    }
    String spec = r.substring(6).strip();
    int dash = spec.indexOf('-');
    int slash = spec.indexOf('/');
    if (dash <= 0 || slash < dash) {
      throw HttpError.badRequest(
          "Content-Range '" + range + "' is not of the form bytes FIRST-LAST/SIZE");
    }
    long first = number("Content-Range first byte", spec.substring(0, dash));
    long last = number("Content-Range last byte", spec.substring(dash + 1, slash));
    String complete = spec.substring(slash + 1);
    if (last < first) {
      throw HttpError.badRequest("Content-Range '" + range + "' ends before it starts");
    }
    if (!complete.equals("*") && number("Content-Range size", complete) != current.size()) {
      throw new HttpError(
              416,
              "Content-Range '"
                  + range
                  + "' names size "
                  + complete
                  + " but blob "
                  + current.id()
                  + " has "
                  + current.size()
                  + " bytes; the size of a blob is changed only by a resize")
          .header("Content-Range", "bytes */" + current.size());
    }
    return new Target(first, last - first + 1);
  }

  /** The library's bounds rule, checked before the body is read, with the library's words. */
  private static void checkBounds(BlobInfo current, long offset, long length) {
    if (offset > current.size() || length > current.size() - offset) {
      throw new HttpError(
              416,
              "write of "
                  + length
                  + " bytes at offset "
                  + offset
                  + " would pass the end of blob "
                  + current.id()
                  + " (size "
                  + current.size()
                  + "); nothing was written")
          .header("Content-Range", "bytes */" + current.size());
    }
  }

  private static long number(String what, String text) {
    String t = text.strip();
    if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw HttpError.badRequest(what + " '" + text + "' is not a non-negative integer");
    }
    return Long.parseLong(t);
  }

  /** A received body: bytes in memory or in a temporary file. */
  private static final class Spool {
    private final byte[] bytes;
    private final Path file;
    final long size;

    private Spool(byte[] bytes, Path file, long size) {
      this.bytes = bytes;
      this.file = file;
      this.size = size;
    }

    static Spool receive(InputStream body, long expected) throws IOException {
      if (expected >= 0 && expected <= IN_MEMORY) {
        byte[] b = body.readAllBytes();
        return new Spool(b, null, b.length);
      }
      byte[] first = body.readNBytes(IN_MEMORY + 1);
      if (first.length <= IN_MEMORY) {
        return new Spool(first, null, first.length);
      }
      Path file = Files.createTempFile("blobkeep-patch-", ".part");
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(first);
        long size = first.length + body.transferTo(out);
        return new Spool(null, file, size);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
    }

    /** The whole body as one buffer (the file mapped), or null if it is too large for one. */
    ByteBuffer buffer() throws IOException {
      if (bytes != null) {
        return ByteBuffer.wrap(bytes);
      }
      if (size > Integer.MAX_VALUE - 8) {
        return null;
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        return ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      }
    }

    InputStream open() throws IOException {
      return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }

    void delete() throws IOException {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    }
  }
}
