package dev.blobkeep.internal;

import dev.blobkeep.BlobExpiredException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads one chunk of a blob together with the blob's state, version, size and the chunk's bit of
 * the {@link ChunkMap}, in one statement, so that a chunk is never taken from a blob that was
 * deleted or replaced in the meantime, a caller can tell whether it was written in place since, and
 * a chunk row that should be there and is not is corruption, never zeros.
 */
final class ChunkReader {
  private final Session session;
  private final String blobId;
  private final String name;

  /** A reader of the blob {@code row}, named in messages by id and, if it has one, its key. */
  ChunkReader(Session session, BlobRow row) {
    this.session = session;
    this.blobId = row.id();
    this.name = Chunks.name(row.id(), row.bucket(), row.key());
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
   * @throws dev.blobkeep.BlobCorruptException if the chunk is missing, misplaced or changed
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
                      ps.setInt(1, idx == 0 ? 1 : 0);
                      ps.setLong(2, ChunkMap.bytePosition(idx));
                      ps.setLong(3, idx);
                      session.dialect().setId(ps, 4, blobId);
                      try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                          throw gone(null, purpose);
                        }
                        String state = rs.getString(1);
                        if (!Sql.READY.equals(state)) {
                          throw gone(state, purpose);
                        }
                        return checked(
                            name, blobId, idx, rs.getLong(2), rs.getLong(3), rs.getInt(4), rs, 5);
                      }
                    }));
  }

  /**
   * The chunk in columns {@code dataColumn} (bytes, or NULL if not stored), {@code dataColumn + 1}
   * (its CRC) and {@code dataColumn + 2} (the chunk map's byte holding its bit) of the current row,
   * checked.
   *
   * @param name the blob as messages name it ({@link Chunks#name})
   */
  static Chunk checked(
      String name,
      String blobId,
      long idx,
      long version,
      long size,
      int chunkSize,
      ResultSet rs,
      int dataColumn)
      throws SQLException {
    byte[] data = rs.getBytes(dataColumn);
    Chunk chunk = new Chunk(idx, version, size, chunkSize, data == null ? new byte[0] : data);
    boolean expected =
        ChunkMap.stored(rs.getBytes(dataColumn + 2), idx, Chunks.count(size, chunkSize));
    Chunks.check(
        name,
        blobId,
        idx,
        data,
        data == null ? 0 : rs.getLong(dataColumn + 1),
        chunk.span(),
        expected);
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
