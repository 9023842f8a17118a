package dev.blobkeep.internal;

import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.spi.ResultRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Looking up rows of the blobs table. */
final class Rows {
  private Rows() {}

  /** The visible blob {@code ref} names, or {@link BlobNotFoundException}. */
  static BlobRow live(Connection c, Session s, BlobRef ref) throws SQLException {
    BlobRow row = ref.isId() ? byId(c, s, ref.id()) : byKey(c, s, ref.bucket(), ref.key());
    if (row == null || !row.live()) {
      throw new BlobNotFoundException(ref);
    }
    return row;
  }

  /** A visible blob's row and its first chunk (index 0), read in one statement. */
  record Head(BlobRow row, ChunkReader.Chunk first) {}

  /** The visible blob {@code ref} names with its first chunk, or {@link BlobNotFoundException}. */
  static Head head(Connection c, Session s, BlobRef ref) throws SQLException {
    return head(c, s, ref, false);
  }

  /**
   * As {@link #head(Connection, Session, BlobRef)}, but the row holds only what reading content
   * needs: id, size, chunk size and version ({@link BlobRow#contentOnly}).
   */
  static Head contentHead(Connection c, Session s, BlobRef ref) throws SQLException {
    return head(c, s, ref, true);
  }

  /** {@link #rowAlone}'s answer for a blob whose first chunk is not in its row. */
  private static final Head CHUNK_ROW_NEEDED = new Head(null, null);

  /**
   * {@link #rowAlone}'s answer for a blob small enough to be inline whose first chunk is
   * nevertheless not in its row (stored before schema 5, or written in place).
   */
  private static final Head SMALL_NOT_IN_ROW = new Head(null, null);

  private static Head head(Connection c, Session s, BlobRef ref, boolean contentOnly)
      throws SQLException {
    Sql sql = s.sql();
    if (contentOnly && sql.tryRowAlone()) {
      Head alone = rowAlone(c, s, ref);
      if (alone == SMALL_NOT_IN_ROW) {
        sql.rowAloneMissedSmall();
      } else if (alone == CHUNK_ROW_NEEDED) {
        sql.countContentRead(false);
      } else if (alone == null) {
        throw new BlobNotFoundException(ref);
      } else {
        sql.rowAloneServed();
        return alone;
      }
      // not in its row: read again with its first chunk, as if the row alone had not been tried
    }
    Head head;
    if (contentOnly && ref.isId()) {
      // Sql#contentById: only published rows, no bucket, key or id in the result (Rows.name looks
      // them up for a message)
      Object id = s.dialect().idParameter(ref.id());
      Object[] params = sql.rowKeys ? new Object[] {rowKey(ref.id()), id} : new Object[] {id};
      head =
          s.statements()
              .with(
                  c,
                  sql.contentById,
                  ps ->
                      s.dialect()
                          .queryRow(
                              ps,
                              params,
                              rs ->
                                  rs == null
                                      ? null
                                      : checkedHead(c, s, contentRow(rs, ref), rs, 4)));
    } else {
      head =
          s.statements()
              .with(
                  c,
                  contentOnly ? sql.contentByKey : (ref.isId() ? sql.headById : sql.headByKey),
                  ps -> {
                    bindRef(s, ps, ref);
                    try (ResultSet rs = ps.executeQuery()) {
                      if (!rs.next()) {
                        return null;
                      }
                      ResultRow current = ResultRow.of(rs);
                      if (contentOnly) {
                        // Sql#contentByKey: only published rows, with the id but no bucket or key
                        return checkedHead(c, s, contentRow(current, ref), current, 5);
                      }
                      BlobRow row = BlobRow.read(rs);
                      return row.live()
                          ? checkedHead(c, s, row, current, BlobRow.COLUMNS + 1)
                          : null;
                    }
                  });
    }
    if (head == null) {
      throw new BlobNotFoundException(ref);
    }
    if (contentOnly) {
      BlobRow row = head.row();
      sql.countContentRead(
          Chunks.count(row.size(), row.chunkSize()) == 0
              || Chunks.inline(row.size(), row.chunkSize()));
    }
    return head;
  }

  /**
   * {@code row} with its first chunk, column {@code data} of {@code rs} and the two after it,
   * checked.
   */
  private static Head checkedHead(Connection c, Session s, BlobRow row, ResultRow rs, int data)
      throws SQLException {
    return new Head(
        row,
        ChunkReader.checked(
            c, s, row, 0, row.version(), row.size(), row.chunkSize(), rs.getBytes(data), rs, data));
  }

  /**
   * A content read of the row alone ({@link Sql#contentByIdRowAlone}): the head, null if there is
   * no such published blob, or {@link #CHUNK_ROW_NEEDED} if the blob has chunks but none in its row
   * ({@link #SMALL_NOT_IN_ROW} if it is small enough to have been inline), which the caller then
   * reads with the chunks table. Checked as {@link #head} checks.
   */
  private static Head rowAlone(Connection c, Session s, BlobRef ref) throws SQLException {
    Sql sql = s.sql();
    return s.statements()
        .with(
            c,
            ref.isId() ? sql.contentByIdRowAlone : sql.contentByKeyRowAlone,
            ps -> {
              bindRef(s, ps, ref);
              try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                  return null;
                }
                int data = ref.isId() ? 4 : 5;
                if (ref.isId() && !Sql.READY.equals(rs.getString(data + 3))) {
                  return null;
                }
                long size = rs.getLong(2);
                int chunkSize = rs.getInt(3);
                byte[] bytes = rs.getBytes(data);
                if (bytes == null && Chunks.count(size, chunkSize) > 0) {
                  return Chunks.inline(size, chunkSize) ? SMALL_NOT_IN_ROW : CHUNK_ROW_NEEDED;
                }
                ResultRow current = ResultRow.of(rs);
                BlobRow row = contentRow(current, ref);
                return new Head(
                    row,
                    ChunkReader.checked(
                        c, s, row, 0, row.version(), size, chunkSize, bytes, current, data));
              }
            });
  }

  /** Binds the blob a read names: its id, or its bucket and key. */
  private static void bindRef(Session s, PreparedStatement ps, BlobRef ref) throws SQLException {
    if (ref.isId()) {
      s.dialect().setId(ps, 1, ref.id());
    } else {
      ps.setString(1, ref.bucket());
      ps.setString(2, ref.key());
    }
  }

  /**
   * The row of a content read ({@link Sql#contentById} and {@link Sql#contentByKey}, and their
   * row-alone forms): version, size and chunk size in columns 1 to 3, and for a read by key the id
   * in column 4; no bucket or key for a read by id ({@link #name} looks them up for a message).
   */
  private static BlobRow contentRow(ResultRow rs, BlobRef ref) throws SQLException {
    return ref.isId()
        ? BlobRow.contentOnly(ref.id(), null, null, rs.getLong(2), rs.getInt(3), rs.getLong(1))
        : BlobRow.contentOnly(
            rs.getString(4), ref.bucket(), ref.key(), rs.getLong(2), rs.getInt(3), rs.getLong(1));
  }

  /**
   * How messages name the blob of {@code row} ({@link Chunks#name}); for a row read without its
   * bucket and key ({@link BlobRow#contentOnly}), looked up by id: a read does so only when it has
   * something to report, to keep the two columns out of every read's statement. Best effort: if the
   * lookup fails (the connection lost meanwhile), the blob is named by its id alone, so that the
   * caller still reports the corruption it found rather than the lookup's failure.
   */
  static String name(Connection c, Session s, BlobRow row) {
    if (row.bucket() != null) {
      return Chunks.name(row.id(), row.bucket(), row.key());
    }
    BlobRow named;
    try {
      named = byId(c, s, row.id());
    } catch (SQLException | RuntimeException e) {
      named = null;
    }
    return named == null
        ? Chunks.name(row.id(), null, null)
        : Chunks.name(row.id(), named.bucket(), named.key());
  }

  /** {@link #name(Connection, Session, BlobRow)}, on a connection of its own if it looks up. */
  static String name(Session s, BlobRow row) {
    if (row.bucket() != null) {
      return Chunks.name(row.id(), row.bucket(), row.key());
    }
    try {
      return s.read("naming blob " + row.id(), c -> name(c, s, row));
    } catch (RuntimeException e) {
      return Chunks.name(row.id(), null, null); // the corruption is what to report
    }
  }

  /** The row with this id in any state, or null. */
  static BlobRow byId(Connection c, Session s, String id) throws SQLException {
    return s.statements()
        .with(
            c,
            s.sql().rowById,
            ps -> {
              s.dialect().setId(ps, 1, id);
              return first(ps);
            });
  }

  /** The visible row under bucket and key, or null. */
  static BlobRow byKey(Connection c, Session s, String bucket, String key) throws SQLException {
    return s.statements()
        .with(
            c,
            s.sql().liveRowByKey,
            ps -> {
              ps.setString(1, bucket);
              ps.setString(2, key);
              return first(ps);
            });
  }

  private static BlobRow first(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? BlobRow.read(rs) : null;
    }
  }

  /**
   * Why a blob that was open is gone: {@code "was deleted"}, {@code "was replaced by a newer put
   * under its key"}, or {@code "no longer exists"}.
   */
  static String goneReason(String state) {
    if (Sql.DELETED.equals(state)) {
      return "was deleted";
    }
    if (Sql.REPLACED.equals(state)) {
      return "was replaced by a newer put under its key";
    }
    return "no longer exists (deleted or replaced)";
  }

  static void exec(Connection c, Session s, String sql, Object... params) throws SQLException {
    update(c, s, sql, params);
  }

  /**
   * Runs one of the engine's fixed statements ({@link Sql}); returns the number of rows changed.
   */
  static int update(Connection c, Session s, String sql, Object... params) throws SQLException {
    return s.statements()
        .with(
            c,
            sql,
            ps -> {
              bind(s, ps, params);
              return ps.executeUpdate();
            });
  }

  /**
   * The parameters of {@link Sql#insertBlob} for {@code row}.
   *
   * @param owner the store staging it, for a pending row; null for one inserted published
   * @param chunkMap the stored form of its {@link ChunkMap} (null: dense)
   * @param inline its whole content, kept in the row as chunk 0, or null if its chunks are rows of
   *     the chunks table ({@link Chunks#inline})
   */
  static Object[] insertParameters(BlobRow row, String owner, byte[] chunkMap, byte[] inline) {
    RowKey key = new RowKey(row.id());
    return new Object[] {
      new Id(row.id()),
      row.bucket(),
      row.key(),
      row.size(),
      row.chunkSize(),
      row.sha256(),
      row.contentType(),
      row.created(),
      row.updated(),
      row.state(),
      row.version(),
      owner,
      NullBytes.or(chunkMap),
      row.metaJson(),
      row.md5(),
      row.etag(),
      NullBytes.or(inline),
      inline == null ? NullLong.VALUE : Chunks.crc(row.id(), 0, inline),
      key,
      key
    };
  }

  /**
   * The integer key a blob's row is stored under where the dialect {@linkplain
   * dev.blobkeep.spi.Dialect#keysRowsById keys rows} (and the key is free): the id's 48 bits of
   * milliseconds and its 12 bits after the version, which for ids made by {@link Ids} in one
   * process are distinct and increase as the ids do, so new rows are appended as before. Positive
   * for any UUID.
   */
  static long rowKey(String id) {
    long msb = UUID.fromString(id).getMostSignificantBits();
    return (msb >>> 16) << 12 | (msb & 0xfff);
  }

  /**
   * Binds parameters; an {@link Id} is bound through the dialect, a {@link RowKey} only where the
   * dialect {@linkplain dev.blobkeep.spi.Dialect#keysRowsById keys rows} (elsewhere the statement
   * has no parameter for it, and the next parameter takes its place).
   */
  static void bind(Session s, PreparedStatement ps, Object... params) throws SQLException {
    boolean rowKeys = s.sql().rowKeys;
    long key = 0; // the row key of the RowKey parameters, derived once, and only if bound
    for (int j = 0, i = 0; j < params.length; j++) {
      Object p = params[j];
      if (p instanceof RowKey k) {
        if (rowKeys) {
          if (key == 0) {
            key = rowKey(k.id());
          }
          ps.setLong(++i, key);
        }
        continue;
      }
      i++;
      if (p instanceof Id id) {
        s.dialect().setId(ps, i, id.value());
      } else if (p instanceof byte[] b) {
        ps.setBytes(i, b);
      } else if (p instanceof NullBytes) {
        ps.setNull(i, java.sql.Types.BINARY);
      } else if (p instanceof NullLong) {
        ps.setNull(i, java.sql.Types.BIGINT);
      } else {
        ps.setObject(i, p);
      }
    }
  }

  /** A blob id as a statement parameter. */
  record Id(String value) {}

  /**
   * The row key ({@link #rowKey}) of blob {@code id} as a statement parameter of {@link
   * Sql#insertBlob}, derived only where the dialect keys rows.
   */
  record RowKey(String id) {}

  /** A NULL binary parameter (a plain null is bound untyped, which PostgreSQL cannot type). */
  enum NullBytes {
    VALUE;

    /** {@code bytes}, or {@link #VALUE} if null: a parameter for a binary column. */
    static Object or(byte[] bytes) {
      return bytes == null ? VALUE : bytes;
    }
  }

  /** A NULL integer parameter, typed for the same reason as {@link NullBytes}. */
  enum NullLong {
    VALUE
  }

  /**
   * Moves blob {@code id}'s chunk 0 kept in its row ({@link Chunks#inline}) into a row of the
   * chunks table, in the caller's transaction, for work that handles chunk rows only.
   *
   * @return true if there was inline content to move
   */
  static boolean spillInline(Connection c, Session s, String id) throws SQLException {
    if (update(c, s, s.sql().spillInline, new Id(id)) != 1) {
      return false;
    }
    exec(c, s, s.sql().clearInline, new Id(id));
    return true;
  }

  /**
   * A conflict the engine found itself (a statement that changed other rows than it must, as when
   * another transaction changed them first), after rolling the transaction back on {@code c}, as a
   * database does for a deadlock it reports: what ran before in the transaction must not commit,
   * even through a caller that catches the failure and commits its own connection.
   *
   * @return the failure to throw, SQLSTATE 40001 (run the transaction again)
   */
  static SQLException rolledBackConflict(Connection c, String what) {
    SQLException e =
        new SQLException(what + "; the transaction was rolled back, to run again", "40001");
    try {
      if (c.getAutoCommit()) {
        try (Statement s = c.createStatement()) {
          s.execute("ROLLBACK"); // a transaction begun by statement (START TRANSACTION)
        }
      } else {
        c.rollback();
      }
    } catch (SQLException rollback) {
      e.addSuppressed(rollback);
    }
    return e;
  }

  /** Binds the parameters of row {@code i} of a batch. */
  @FunctionalInterface
  interface BatchRow {
    void bind(PreparedStatement ps, int i) throws SQLException;
  }

  /**
   * Runs {@code rows} rows through {@code ps} in the caller's transaction, each meant to change one
   * row: the way every batch inside a transaction runs. As one batch, then checked that the
   * transaction is still open ({@link dev.blobkeep.spi.Dialect#afterBatch}), so that none can
   * report success for a transaction the database rolled back under it. Where a batch that a
   * conflict aborts may be applied in part ({@link dev.blobkeep.spi.Dialect#batchesMayApplyInPart}:
   * a MariaDB Galera node, where the rows after a brute-force abort were committed), as one
   * statement per row instead, each of which a conflict applies whole or not at all and which must
   * change exactly one row, else the transaction fails with a conflict (SQLSTATE 40001) and runs
   * again.
   *
   * @return the rows' update counts
   */
  static int[] executeBatch(Connection c, Session s, PreparedStatement ps, int rows, BatchRow row)
      throws SQLException {
    int[] counts;
    if (s.dialect().batchesMayApplyInPart()) {
      counts = new int[rows];
      for (int i = 0; i < rows; i++) {
        row.bind(ps, i);
        counts[i] = ps.executeUpdate();
        if (counts[i] != 1) {
          throw rolledBackConflict(
              c, "row " + i + " of " + rows + " of a batch changed " + counts[i] + " rows, not 1");
        }
      }
    } else {
      for (int i = 0; i < rows; i++) {
        row.bind(ps, i);
        ps.addBatch();
      }
      counts = ps.executeBatch();
    }
    s.dialect().afterBatch(c);
    return counts;
  }
}
