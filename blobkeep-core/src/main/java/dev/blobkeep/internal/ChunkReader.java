package dev.blobkeep.internal;

import dev.blobkeep.BlobExpiredException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads one chunk of a blob together with the blob's state, version and size, in one statement, so
 * that a chunk is never taken from a blob that was deleted or replaced in the meantime, and a
 * caller can tell whether it was written in place since.
 */
final class ChunkReader {
  private final Session session;
  private final String blobId;

  ChunkReader(Session session, String blobId) {
    this.session = session;
    this.blobId = blobId;
  }

  /**
   * A chunk as read, with the blob's version and size at that moment.
   *
   * @param data the stored bytes, CRC-checked; empty if the chunk is not stored (reads as zeros)
   */
  record Chunk(long index, long version, long size, int chunkSize, byte[] data) {
    /** Length of this chunk's span in the blob. */
    int span() {
      return Math.max(0, Chunks.span(size, chunkSize, index));
    }
  }

  /**
   * Reads chunk {@code idx}.
   *
   * @throws BlobExpiredException if the blob is gone, naming it and what it was doing ({@code
   *     purpose})
   */
  Chunk read(long idx, String purpose) {
    return session.read(
        "reading blob " + blobId + " chunk " + idx,
        c ->
            session
                .statements()
                .with(
                    c,
                    session.sql().readChunk,
                    ps -> {
                      ps.setLong(1, idx);
                      session.dialect().setId(ps, 2, blobId);
                      try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                          throw gone(null, purpose);
                        }
                        String state = rs.getString(1);
                        if (!Sql.READY.equals(state)) {
                          throw gone(state, purpose);
                        }
                        return checked(
                            blobId, idx, rs.getLong(2), rs.getLong(3), rs.getInt(4), rs, 5);
                      }
                    }));
  }

  /**
   * The chunk in columns {@code dataColumn} (bytes, or NULL if not stored) and {@code dataColumn +
   * 1} (its CRC) of the current row, checked.
   */
  static Chunk checked(
      String blobId, long idx, long version, long size, int chunkSize, ResultSet rs, int dataColumn)
      throws SQLException {
    byte[] data = rs.getBytes(dataColumn);
    Chunk chunk = new Chunk(idx, version, size, chunkSize, data == null ? new byte[0] : data);
    if (data != null) {
      Chunks.check(blobId, idx, data, rs.getLong(dataColumn + 1), chunk.span());
    }
    return chunk;
  }

  /** The blob's current state, version, size and chunk size, without content. */
  Chunk peek(String purpose) {
    return session.read(
        "reading blob " + blobId,
        c ->
            session
                .statements()
                .with(
                    c,
                    session.sql().rowState,
                    ps -> {
                      session.dialect().setId(ps, 1, blobId);
                      try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                          throw gone(null, purpose);
                        }
                        if (!Sql.READY.equals(rs.getString(1))) {
                          throw gone(rs.getString(1), purpose);
                        }
                        return new Chunk(-1, rs.getLong(2), rs.getLong(3), rs.getInt(4), null);
                      }
                    }));
  }

  private BlobExpiredException gone(String state, String purpose) {
    return new BlobExpiredException(
        "blob " + blobId + " " + Rows.goneReason(state) + " while " + purpose);
  }
}
