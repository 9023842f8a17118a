package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.InvalidArgumentException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * In-place writes and resizes, each one transaction: read the chunks it touches, change them, write
 * them back with new CRC32Cs, and bump the blob's version (which marks its SHA-256 stale and tells
 * concurrent readers that the bytes changed).
 */
final class InPlace {
  private InPlace() {}

  /**
   * Writes {@code len} bytes of {@code src} at {@code offset} of blob {@code id}.
   *
   * @throws InvalidArgumentException if the bytes would pass the end; nothing is written
   * @throws BlobExpiredException if the blob is gone
   */
  static void write(Session s, String id, long offset, byte[] src, int off, int len) {
    s.write(
        "writing " + len + " bytes at offset " + offset + " of blob " + id,
        c -> {
          BlobRow row = liveRow(c, s, id, "written");
          if (offset < 0 || offset > row.size() || len > row.size() - offset) {
            throw new InvalidArgumentException(
                "write of "
                    + len
                    + " bytes at offset "
                    + offset
                    + " would pass the end of blob "
                    + id
                    + " (size "
                    + row.size()
                    + "); nothing was written");
          }
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
              data = Arrays.copyOfRange(src, off + done, off + done + n);
            } else {
              byte[] old = storedChunk(c, s, id, idx, span);
              data = Arrays.copyOf(old, Math.max(old.length, within + n));
              System.arraycopy(src, off + done, data, within, n);
            }
            putChunk(c, s, id, idx, data);
            pos += n;
            done += n;
          }
          Rows.exec(c, s, s.sql().markWritten, System.currentTimeMillis(), new Id(id));
          return null;
        });
  }

  /**
   * Sets the size of blob {@code id}: growing is O(1) (the new bytes read as zeros), shrinking
   * drops the chunks past the end and cuts the last one.
   */
  static BlobRow resize(Session s, String id, long newSize) {
    if (newSize < 0) {
      throw new InvalidArgumentException("size must be >= 0, got " + newSize);
    }
    return s.write(
        "resizing blob " + id + " to " + newSize + " bytes",
        c -> {
          BlobRow row = liveRow(c, s, id, "resized");
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
          String sha = newSize == 0 ? Digests.EMPTY_SHA256 : null;
          Rows.exec(c, s, s.sql().setSize, newSize, sha, System.currentTimeMillis(), new Id(id));
          return Rows.byId(c, s, id);
        });
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
