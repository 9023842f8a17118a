package dev.blobkeep.internal;

import dev.blobkeep.BlobExpiredException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Reads one chunk of a blob together with the blob's state, in one statement, so that a chunk is
 * never taken from a blob that was deleted, replaced or rewritten in the meantime.
 */
final class ChunkReader {
  private final Session session;
  private final String blobId;

  ChunkReader(Session session, String blobId) {
    this.session = session;
    this.blobId = blobId;
  }

  /**
   * The stored bytes of chunk {@code idx} (CRC-checked), or an empty array if the chunk is not
   * stored (it reads as zeros).
   *
   * @param expectedVersion the blob's version the caller started from; a different one fails
   * @param span the chunk's span, for the length check
   * @throws BlobExpiredException if the blob is gone or was written since
   */
  byte[] read(long idx, long expectedVersion, int span, String purpose) {
    return session.read(
        "reading blob " + blobId + " chunk " + idx,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(session.sql().readChunk)) {
            ps.setLong(1, idx);
            session.dialect().setId(ps, 2, blobId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new BlobExpiredException(
                    "blob " + blobId + " " + Rows.goneReason(null) + " while " + purpose);
              }
              String state = rs.getString(1);
              if (!Sql.READY.equals(state)) {
                throw new BlobExpiredException(
                    "blob " + blobId + " " + Rows.goneReason(state) + " while " + purpose);
              }
              if (rs.getLong(2) != expectedVersion) {
                throw new BlobExpiredException(
                    "blob " + blobId + " was written in place or resized while " + purpose);
              }
              byte[] data = rs.getBytes(3);
              if (data == null) {
                return new byte[0];
              }
              Chunks.check(blobId, idx, data, rs.getLong(4), span);
              return data;
            }
          }
        });
  }
}
