package dev.blobkeep.internal;

import dev.blobkeep.BlobCorruptException;
import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.spi.ResultRow;
import java.sql.Connection;
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
  private final BlobRow row;
  private final String blobId;

  /**
   * A reader of the blob {@code row}, named in messages by id and, if it has one, its key (looked
   * up when a message needs it, for a row read without them: {@link BlobRow#contentOnly}).
   */
  ChunkReader(Session session, BlobRow row) {
    this.session = session;
    this.row = row;
    this.blobId = row.id();
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
                    ps ->
                        session
                            .dialect()
                            .queryRow(
                                ps,
                                new Object[] {
                                  idx == 0 ? 1 : 0,
                                  ChunkMap.bytePosition(idx),
                                  idx,
                                  session.dialect().idParameter(blobId)
                                },
                                rs -> {
                                  requireReady(rs, purpose);
                                  return checked(
                                      c,
                                      session,
                                      row,
                                      idx,
                                      rs.getLong(2),
                                      rs.getLong(3),
                                      rs.getInt(4),
                                      rs.getBytes(5),
                                      rs,
                                      5);
                                })));
  }

  /**
   * The chunk {@code data} (the bytes of column {@code dataColumn}, or null if not stored), with
   * {@code dataColumn + 1} (its CRC) and {@code dataColumn + 2} (the chunk map's byte holding its
   * bit) of the current row, checked.
   *
   * @param c the connection that read it, on which a message's name for {@code row} is looked up
   *     ({@link Rows#name})
   */
  static Chunk checked(
      Connection c,
      Session session,
      BlobRow row,
      long idx,
      long version,
      long size,
      int chunkSize,
      byte[] data,
      ResultRow rs,
      int dataColumn)
      throws SQLException {
    Chunk chunk = new Chunk(idx, version, size, chunkSize, data == null ? new byte[0] : data);
    boolean expected =
        ChunkMap.stored(rs.getBytes(dataColumn + 2), idx, Chunks.count(size, chunkSize));
    String problem =
        Chunks.problem(
            row.id(),
            idx,
            data,
            data == null ? 0 : rs.getLong(dataColumn + 1),
            chunk.span(),
            expected);
    if (problem != null) {
      throw new BlobCorruptException(Rows.name(c, session, row) + " " + problem);
    }
    return chunk;
  }

  /**
   * Chunks {@code from} to before {@code to}, in one statement, so all from one version of the
   * blob. Their CRCs and chunk-map bits are checked one by one as {@link Run#chunk} hands them out.
   *
   * @param to at most {@link Chunks#count} of the blob; the blob must not be inline
   * @throws BlobExpiredException if the blob is gone, naming it and what it was doing ({@code
   *     purpose})
   */
  Run readRun(long from, long to, String purpose) {
    long mapFrom = ChunkMap.bytePosition(from);
    long mapBytes = ChunkMap.bytePosition(to - 1) - mapFrom + 1;
    return session.read(
        "reading blob " + blobId + " chunks " + from + " to " + (to - 1),
        c ->
            session
                .statements()
                .with(
                    c,
                    session.sql().readChunks,
                    ps -> {
                      ps.setLong(1, mapFrom);
                      ps.setLong(2, mapBytes);
                      ps.setLong(3, from);
                      ps.setLong(4, to);
                      session.dialect().setId(ps, 5, blobId);
                      try (ResultSet rs = ps.executeQuery()) {
                        requireReady(rs, purpose);
                        Run run =
                            new Run(
                                from,
                                to,
                                rs.getLong(2),
                                rs.getLong(3),
                                rs.getInt(4),
                                rs.getBytes(5));
                        do {
                          long idx = rs.getLong(6);
                          if (!rs.wasNull() && idx >= from && idx < to) {
                            int at = (int) (idx - from);
                            run.data[at] = rs.getBytes(7);
                            run.crcs[at] = rs.getLong(8);
                          }
                        } while (rs.next());
                        return run;
                      }
                    }));
  }

  /**
   * Chunks {@code from} to before {@code to} of one version of the blob, as one statement read
   * them: stored bytes (null where no row is) and CRCs, unchecked until {@link #chunk} hands one
   * out. Not thread-safe.
   */
  final class Run {
    private final long from;
    private final long to;
    private final long version;
    private final long size;
    private final int chunkSize;

    /** The chunk map's bytes from the one holding {@code from}'s bit; null if the map is dense. */
    private final byte[] map;

    private final byte[][] data;
    private final long[] crcs;

    private Run(long from, long to, long version, long size, int chunkSize, byte[] map) {
      this.from = from;
      this.to = to;
      this.version = version;
      this.size = size;
      this.chunkSize = chunkSize;
      this.map = map;
      this.data = new byte[(int) (to - from)][];
      this.crcs = new long[(int) (to - from)];
    }

    /** The blob's version when the run was read. */
    long version() {
      return version;
    }

    /** True if chunk {@code idx} is in this run. */
    boolean covers(long idx) {
      return idx >= from && idx < to;
    }

    /**
     * Chunk {@code idx} of the run, checked, after which the run lets go of its bytes. A chunk that
     * fails its check stays, so that asking again fails the same way.
     *
     * @throws dev.blobkeep.BlobCorruptException if the chunk is missing, misplaced or changed
     */
    Chunk chunk(long idx) {
      int at = (int) (idx - from);
      byte[] stored = data[at];
      Chunk chunk = new Chunk(idx, version, size, chunkSize, stored == null ? new byte[0] : stored);
      boolean expected = ChunkMap.stored(mapByte(idx), idx, Chunks.count(size, chunkSize));
      String problem = Chunks.problem(blobId, idx, stored, crcs[at], chunk.span(), expected);
      if (problem != null) {
        throw new BlobCorruptException(Rows.name(session, row) + " " + problem);
      }
      data[at] = null;
      return chunk;
    }

    /** The map's byte holding {@code idx}'s bit, as {@link ChunkMap#stored} takes it. */
    private byte[] mapByte(long idx) {
      if (map == null) {
        return null;
      }
      long at = ChunkMap.bytePosition(idx) - ChunkMap.bytePosition(from);
      return at < map.length ? new byte[] {map[(int) at]} : new byte[0];
    }
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
                    ps ->
                        session
                            .dialect()
                            .queryRow(
                                ps,
                                new Object[] {session.dialect().idParameter(blobId)},
                                rs -> {
                                  requireReady(rs, purpose);
                                  return new Chunk(
                                      -1, rs.getLong(2), rs.getLong(3), rs.getInt(4), null);
                                })));
  }

  /**
   * Moves to the result's row, whose first column is the blob's state.
   *
   * @throws BlobExpiredException if there is no row or the blob is not ready
   */
  private void requireReady(ResultSet rs, String purpose) throws SQLException {
    requireReady(rs.next() ? ResultRow.of(rs) : null, purpose);
  }

  /**
   * Checks {@code row}, whose first column is the blob's state.
   *
   * @param row the result's row, or null if there is none
   * @throws BlobExpiredException if there is no row or the blob is not ready
   */
  private void requireReady(ResultRow row, String purpose) throws SQLException {
    if (row == null) {
      throw gone(null, purpose);
    }
    String state = row.getString(1);
    if (!Sql.READY.equals(state)) {
      throw gone(state, purpose);
    }
  }

  private BlobExpiredException gone(String state, String purpose) {
    return new BlobExpiredException(
        "blob " + blobId + " " + Rows.goneReason(state) + " while " + purpose);
  }
}
