package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.InvalidArgumentException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * In-place writes and resizes, each one transaction: read the chunks it touches, change them, write
 * them back with new CRC32Cs, keep the blob's {@link ChunkMap} in step (an all-zero chunk is
 * removed and marked absent), and bump the blob's version (which marks its SHA-256 stale and tells
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
          Mapped mapped = liveRowWithMap(c, s, id, "written");
          BlobRow row = mapped.row();
          ChunkMap map = mapped.map();
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
              byte[] old = storedChunk(c, s, row, idx, span, map);
              data = Arrays.copyOf(old, Math.max(old.length, within + n));
              System.arraycopy(src, off + done, data, within, n);
            }
            putChunk(c, s, id, idx, data, map);
            pos += n;
            done += n;
          }
          if (map.changed()) {
            Rows.exec(
                c,
                s,
                s.sql().markWrittenWithMap,
                System.currentTimeMillis(),
                Rows.NullBytes.or(map.stored()),
                new Id(id));
          } else {
            Rows.exec(c, s, s.sql().markWritten, System.currentTimeMillis(), new Id(id));
          }
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
          Mapped mapped = liveRowWithMap(c, s, id, "resized");
          BlobRow row = mapped.row();
          ChunkMap map = mapped.map();
          int cs = row.chunkSize();
          if (newSize < row.size()) {
            long keep = Chunks.count(newSize, cs);
            Rows.exec(c, s, s.sql().deleteChunksFrom, new Id(id), keep);
            if (keep > 0) {
              long last = keep - 1;
              int span = Chunks.span(newSize, cs, last);
              byte[] old = storedChunk(c, s, row, last, Chunks.span(row.size(), cs, last), map);
              if (old.length > span) {
                putChunk(c, s, id, last, Arrays.copyOf(old, span), map);
              }
            }
          }
          map.resize(Chunks.count(newSize, cs));
          String sha = newSize == 0 ? Digests.EMPTY_SHA256 : null;
          Rows.exec(
              c,
              s,
              s.sql().setSize,
              newSize,
              sha,
              System.currentTimeMillis(),
              Rows.NullBytes.or(map.stored()),
              new Id(id));
          return Rows.byId(c, s, id);
        });
  }

  /** A live row with its chunk map, read in one statement. */
  private record Mapped(BlobRow row, ChunkMap map) {}

  private static Mapped liveRowWithMap(Connection c, Session s, String id, String verb)
      throws SQLException {
    Mapped mapped =
        s.statements()
            .with(
                c,
                s.sql().rowWithMapById,
                ps -> {
                  s.dialect().setId(ps, 1, id);
                  try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                      return null;
                    }
                    BlobRow row = BlobRow.read(rs);
                    byte[] stored = rs.getBytes(BlobRow.COLUMNS + 1);
                    return new Mapped(row, ChunkMap.of(stored, row.chunkCount()));
                  }
                });
    if (mapped == null || !mapped.row().live()) {
      throw new BlobExpiredException(
          "blob "
              + id
              + " "
              + Rows.goneReason(mapped == null ? null : mapped.row().state())
              + "; it cannot be "
              + verb);
    }
    return mapped;
  }

  /**
   * The stored bytes of a chunk (empty if not stored), checked against their CRC32C and the chunk
   * map.
   */
  private static byte[] storedChunk(
      Connection c, Session s, BlobRow row, long idx, int span, ChunkMap map) throws SQLException {
    String id = row.id();
    return s.statements()
        .with(
            c,
            s.sql().readChunkInTx,
            ps -> {
              s.dialect().setId(ps, 1, id);
              ps.setLong(2, idx);
              try (ResultSet rs = ps.executeQuery()) {
                byte[] data = rs.next() ? rs.getBytes(1) : null;
                Chunks.check(
                    Chunks.name(id, row.bucket(), row.key()),
                    id,
                    idx,
                    data,
                    data == null ? 0 : rs.getLong(2),
                    span,
                    map.has(idx));
                return data == null ? new byte[0] : data;
              }
            });
  }

  /**
   * Stores a chunk and marks it stored, or removes it and marks it absent when it is all zeros (it
   * then reads as zeros).
   */
  private static void putChunk(
      Connection c, Session s, String id, long idx, byte[] data, ChunkMap map) throws SQLException {
    boolean stored = !Chunks.allZero(data, 0, data.length);
    if (stored) {
      Rows.exec(c, s, s.sql().upsertChunk, new Id(id), idx, data, Chunks.crc(id, idx, data));
    } else {
      Rows.exec(c, s, s.sql().deleteChunk, new Id(id), idx);
    }
    map.set(idx, stored);
  }
}
