package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PreconditionFailedException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * In-place writes and resizes, each one transaction: bump the blob's version guarded by the version
 * just read (which marks its SHA-256 stale, tells concurrent readers that the bytes changed, and
 * makes concurrent writers of the blob take turns), read the chunks it touches, change them, and
 * write them back with new CRC32Cs.
 */
final class InPlace {
  private InPlace() {}

  /**
   * Writes the remaining bytes of {@code src} (its position is not changed) at {@code offset} of
   * blob {@code id}, one chunk's worth of memory at a time. The blob's row is claimed (its version
   * bumped, guarded by the version just read) before any chunk is written, so concurrent writers of
   * one blob take turns instead of losing each other's bytes.
   *
   * @param ifMatch the entity tag the blob must have, or null for none
   * @return the blob's row after the write
   * @throws InvalidArgumentException if the bytes would pass the end; nothing is written
   * @throws PreconditionFailedException if the blob's entity tag is not {@code ifMatch}
   * @throws BlobExpiredException if the blob is gone
   */
  static BlobRow write(Session s, String id, long offset, ByteBuffer src, String ifMatch) {
    int len = src.remaining();
    return s.write(
        "writing " + len + " bytes at offset " + offset + " of blob " + id,
        c -> {
          BlobRow row = claim(c, s, id, "written", ifMatch, r -> checkBounds(r, offset, len));
          int cs = row.chunkSize();
          long pos = offset;
          int done = 0;
          while (done < len) {
            long idx = pos / cs;
            int within = (int) (pos - idx * cs);
            int span = Chunks.span(row.size(), cs, idx);
            int n = Math.min(len - done, span - within);
            byte[] data;
            if (within == 0 && n == span) {
              data = new byte[n];
            } else {
              byte[] old = storedChunk(c, s, id, idx, span);
              data = Arrays.copyOf(old, Math.max(old.length, within + n));
            }
            src.get(src.position() + done, data, within, n);
            putChunk(c, s, id, idx, data);
            pos += n;
            done += n;
          }
          return Rows.byId(c, s, id);
        });
  }

  private static void checkBounds(BlobRow row, long offset, int len) {
    if (offset < 0 || offset > row.size() || len > row.size() - offset) {
      throw new InvalidArgumentException(
          "write of "
              + len
              + " bytes at offset "
              + offset
              + " would pass the end of blob "
              + row.id()
              + " (size "
              + row.size()
              + "); nothing was written");
    }
  }

  /**
   * Sets the size of blob {@code id}: growing is O(1) (the new bytes read as zeros), shrinking
   * drops the chunks past the end and cuts the last one.
   *
   * @param ifMatch the entity tag the blob must have, or null for none
   * @throws PreconditionFailedException if the blob's entity tag is not {@code ifMatch}
   */
  static BlobRow resize(Session s, String id, long newSize, String ifMatch) {
    if (newSize < 0) {
      throw new InvalidArgumentException("size must be >= 0, got " + newSize);
    }
    return s.write(
        "resizing blob " + id + " to " + newSize + " bytes",
        c -> {
          BlobRow row = liveRow(c, s, id, "resized");
          for (; ; row = liveRow(c, s, id, "resized")) {
            checkTag(row, ifMatch);
            String sha = newSize == 0 ? Digests.EMPTY_SHA256 : null;
            long now = System.currentTimeMillis();
            if (Rows.update(c, s, s.sql().setSize, newSize, sha, now, new Id(id), row.version())
                == 1) {
              break;
            }
          }
          int cs = row.chunkSize();
          if (newSize < row.size()) {
            long keep = Chunks.count(newSize, cs);
            Rows.exec(c, s, s.sql().deleteChunksFrom, new Id(id), keep);
            if (keep > 0) {
              long last = keep - 1;
              int span = Chunks.span(newSize, cs, last);
              byte[] old = storedChunk(c, s, id, last, Chunks.span(row.size(), cs, last));
              if (old.length > span) {
                putChunk(c, s, id, last, Arrays.copyOf(old, span));
              }
            }
          }
          return Rows.byId(c, s, id);
        });
  }

  /** A check of the row about to be written, run before it is claimed. */
  private interface RowCheck {
    void check(BlobRow row);
  }

  /**
   * Reads blob {@code id}'s row, checks it, and bumps its version guarded by the version read, in
   * the caller's transaction; if someone changed the blob in between (the guarded update changes no
   * row) it fails with {@code ifMatch}, else reads and tries again.
   *
   * @return the row as it was before the bump
   */
  private static BlobRow claim(
      Connection c, Session s, String id, String verb, String ifMatch, RowCheck check)
      throws SQLException {
    while (true) {
      BlobRow row = liveRow(c, s, id, verb);
      checkTag(row, ifMatch);
      check.check(row);
      long now = System.currentTimeMillis();
      if (Rows.update(c, s, s.sql().markWritten, now, new Id(id), row.version()) == 1) {
        return row;
      }
    }
  }

  /** Fails, changing nothing, unless {@code ifMatch} is null or the row's entity tag. */
  static void checkTag(BlobRow row, String ifMatch) {
    if (ifMatch != null) {
      String etag = row.info().etag();
      if (!ifMatch.equals(etag)) {
        throw new PreconditionFailedException(row.id(), ifMatch, etag);
      }
    }
  }

  static BlobRow liveRow(Connection c, Session s, String id, String verb) throws SQLException {
    BlobRow row = Rows.byId(c, s, id);
    if (row == null || !row.live()) {
      throw new BlobExpiredException(
          "blob "
              + id
              + " "
              + Rows.goneReason(row == null ? null : row.state())
              + "; it cannot be "
              + verb);
    }
    return row;
  }

  /** The stored bytes of a chunk (empty if not stored), checked against their CRC32C. */
  private static byte[] storedChunk(Connection c, Session s, String id, long idx, int span)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(s.sql().readChunkInTx)) {
      s.dialect().setId(ps, 1, id);
      ps.setLong(2, idx);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return new byte[0];
        }
        byte[] data = rs.getBytes(1);
        Chunks.check(id, idx, data, rs.getLong(2), span);
        return data;
      }
    }
  }

  /** Stores a chunk, or removes it when it is all zeros (it then reads as zeros). */
  private static void putChunk(Connection c, Session s, String id, long idx, byte[] data)
      throws SQLException {
    if (Chunks.allZero(data, 0, data.length)) {
      Rows.exec(c, s, s.sql().deleteChunk, new Id(id), idx);
    } else {
      Rows.exec(c, s, s.sql().upsertChunk, new Id(id), idx, data, Chunks.crc(data, 0, data.length));
    }
  }
}
