package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PreconditionFailedException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * In-place writes and resizes, each one transaction: bump the blob's version guarded by the version
 * just read (which marks its SHA-256 stale, tells concurrent readers that the bytes changed, and
 * makes concurrent writers of the blob take turns), read the chunks it touches, change them, write
 * them back with new CRC32Cs, and keep the blob's {@link ChunkMap} in step (an all-zero chunk is
 * removed and marked absent).
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
          Mapped mapped = claim(c, s, id, "written", ifMatch, r -> checkBounds(r, offset, len));
          BlobRow row = mapped.row();
          ChunkMap map = mapped.map();
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
              byte[] old = storedChunk(c, s, row, idx, span, map);
              data = Arrays.copyOf(old, Math.max(old.length, within + n));
            }
            src.get(src.position() + done, data, within, n);
            putChunk(c, s, id, idx, data, map);
            pos += n;
            done += n;
          }
          if (map.changed()) {
            Rows.exec(c, s, s.sql().setChunkMap, Rows.NullBytes.or(map.stored()), new Id(id));
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
          Mapped mapped = claim(c, s, id, "resized", ifMatch, r -> {});
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
          // The row is ours since claim bumped its version, once, in this transaction.
          int changed =
              Rows.update(
                  c,
                  s,
                  s.sql().setSize,
                  newSize,
                  sha,
                  System.currentTimeMillis(),
                  Rows.NullBytes.or(map.stored()),
                  new Id(id),
                  row.version() + 1);
          if (changed != 1) {
            throw new IllegalStateException(
                "resize of blob " + id + " changed " + changed + " rows after claiming it");
          }
          return Rows.byId(c, s, id);
        });
  }

  /**
   * A live row with its chunk map, read in one statement; {@code inline} if its chunk 0 is kept in
   * the row ({@link Chunks#inline}).
   */
  private record Mapped(BlobRow row, ChunkMap map, boolean inline) {}

  /** A check of the row about to be written, run before it is claimed. */
  private interface RowCheck {
    void check(BlobRow row);
  }

  /**
   * Reads blob {@code id}'s row and chunk map, checks it, and bumps its version guarded by the
   * version read, in the caller's transaction; if someone changed the blob in between (the guarded
   * update changes no row) it reads and tries again, so {@code ifMatch} is checked against the row
   * that is then written.
   *
   * @return the row as it was before the bump, with its chunk map
   */
  private static Mapped claim(
      Connection c, Session s, String id, String verb, String ifMatch, RowCheck check)
      throws SQLException {
    while (true) {
      Mapped mapped = liveRowWithMap(c, s, id, verb);
      BlobRow row = mapped.row();
      checkTag(row, ifMatch);
      check.check(row);
      long now = System.currentTimeMillis();
      if (Rows.update(c, s, s.sql().markWritten, now, new Id(id), row.version()) == 1) {
        if (mapped.inline()) {
          // in-place writes work on rows of the chunks table: chunk 0 moves there first
          Rows.spillInline(c, s, id);
        }
        return mapped;
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
                    return new Mapped(
                        row,
                        ChunkMap.of(stored, row.chunkCount()),
                        rs.getBoolean(BlobRow.COLUMNS + 2));
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
