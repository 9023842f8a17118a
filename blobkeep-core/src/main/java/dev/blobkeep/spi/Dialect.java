package dev.blobkeep.spi;

import dev.blobkeep.BlobkeepException;
import dev.blobkeep.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The SQL of one database, and the few behaviours that differ between databases. The engine's
 * statements use only the table names and fragments given here; the defaults are plain SQL that
 * SQLite and PostgreSQL (and PostgreSQL-compatible distributed databases) both accept.
 *
 * <p>Tables: {@link #blobsTable()} (one row per blob, see docs/storage.md), {@link #chunksTable()}
 * ({@code blob_id, idx, data, crc}), {@link #settingsTable()} ({@code name, value}, holding {@code
 * schema_version}).
 */
public abstract class Dialect {
  /** For subclasses: one per backend module. */
  protected Dialect() {}

  /** A short name for messages: {@code sqlite}, {@code postgresql}. */
  public abstract String name();

  /** Qualified name of the blobs table. */
  public abstract String blobsTable();

  /** Qualified name of the chunks table. */
  public abstract String chunksTable();

  /** Qualified name of the settings table. */
  public abstract String settingsTable();

  /**
   * Qualified name of the buckets table ({@code name, created}; schema 4): one row per bucket,
   * which exists while empty.
   */
  public abstract String bucketsTable();

  /**
   * Statements that bring a store's tables from schema {@code fromVersion} to {@code fromVersion +
   * 1}; version 0 is an empty database. The engine runs them, then its own rewrite of existing rows
   * for that step if it has one (for version 3: filling {@code chunk_map} and rewriting chunk
   * CRCs), then records the new version, all in one transaction per step.
   *
   * <p>Version 3 adds {@code chunk_map}, a nullable binary column of the blobs table. Version 4
   * adds the buckets table, the nullable text columns {@code md5} and {@code etag} of the blobs
   * table, and the blob state {@code staged}. Version 5 adds {@code inline_data} (nullable binary)
   * and {@code inline_crc} (nullable 64-bit integer) to the blobs table (a small blob's one chunk
   * and its CRC, kept in its row instead of the chunks table), makes the unique (bucket, key) index
   * cover keyed blobs only (where the engine cannot, a plain unique index that lets NULL keys
   * repeat does the same), creates the upload-owner lease table where owners are leases, and sets
   * version 1 on ready blobs with version 0 and no SHA-256 (allocated under version 3).
   */
  public abstract List<String> upgrade(int fromVersion);

  /**
   * The blobs table's key column as statements write it: {@code key}, which MariaDB and MySQL
   * reserve, so that their dialect quotes it.
   */
  public String keyColumn() {
    return "key";
  }

  /**
   * {@code insert} (an {@code INSERT ... VALUES} statement) made an upsert: when a row with the
   * same {@code conflictColumns} (a unique key) exists, its {@code updateColumns} take the inserted
   * values; with no update columns the existing row is kept and the statement counts 0 rows. The
   * default is {@code ON CONFLICT (...) DO UPDATE SET c = excluded.c} ({@code DO NOTHING}).
   */
  public String upsert(String insert, String conflictColumns, List<String> updateColumns) {
    if (updateColumns.isEmpty()) {
      return insert + " ON CONFLICT (" + conflictColumns + ") DO NOTHING";
    }
    StringBuilder sql =
        new StringBuilder(insert).append(" ON CONFLICT (" + conflictColumns + ") DO UPDATE SET ");
    for (int i = 0; i < updateColumns.size(); i++) {
      String column = updateColumns.get(i);
      sql.append(i == 0 ? "" : ", ").append(column).append(" = excluded.").append(column);
    }
    return sql.toString();
  }

  /**
   * Called first in every schema upgrade step's transaction, before the version is read again. A
   * database whose DDL commits by itself (MariaDB) cannot hold a transaction's lock across a step,
   * so its dialect takes a lock of the session here and releases it in {@link #commit} and {@link
   * #rollback}. The default does nothing: PostgreSQL's steps lock in their own statements.
   */
  public void lockSchema(Connection c) throws SQLException {}

  /** True if the settings table exists (the database holds a blobkeep store). */
  public abstract boolean storeExists(Connection c) throws SQLException;

  /** True if {@link #backupInto} makes copies of the store (false by default). */
  public boolean makesBackups() {
    return false;
  }

  /**
   * Where {@link #makesBackups()} is false, how the database backs itself up, for the message that
   * refuses a backup: e.g. {@code "pg_dump, pg_basebackup or a standby"}.
   */
  public String ownBackups() {
    return "its own backup tools";
  }

  /**
   * Writes a consistent copy of the whole database, while others read and write it, into the new
   * file {@code file}; only where {@link #makesBackups()}.
   *
   * @param c a pooled connection to the database, to find it by
   */
  public void backupInto(Connection c, String file) throws SQLException {
    throw new UnsupportedOperationException(name() + " makes no backups");
  }

  /** SQL for a parameter holding JSON text, e.g. {@code ?} or {@code CAST(? AS jsonb)}. */
  public String jsonParameter() {
    return "?";
  }

  /**
   * A condition on {@code column} (the meta JSON) true when user field {@code field} equals the
   * JSON value {@code jsonValue}, with its parameters.
   */
  public abstract Condition fieldEquals(String column, String field, String jsonValue);

  /** A condition true when {@code column} starts with {@code prefix}, with its parameters. */
  public Condition startsWith(String column, String prefix) {
    return new Condition(
        "substr(" + column + ", 1, ?) = ?",
        List.of(prefix.codePointCount(0, prefix.length()), prefix));
  }

  /**
   * A code point range {@code column >= prefix AND column < successor(prefix)}: exact where the
   * column compares in code point order (PostgreSQL's {@code "C"} collation, UTF-8 bytes), and
   * served by an index on the column.
   */
  protected static Condition codePointRange(String column, String prefix) {
    String upper = KeyOrder.successor(prefix);
    if (upper == null) {
      return new Condition(column + " >= ?", List.of(prefix));
    }
    return new Condition("(" + column + " >= ? AND " + column + " < ?)", List.of(prefix, upper));
  }

  /**
   * True if one statement may insert into two tables ({@code WITH b AS (INSERT ...) INSERT ...}),
   * so that a small blob's row and chunk are stored in one round trip.
   */
  public boolean insertsInOneStatement() {
    return false;
  }

  /**
   * An SQL expression for the database's current time in epoch milliseconds, read by the database
   * server, so that times written and compared by different processes need not trust their clocks
   * to agree (as leases do); or null for an embedded database, whose clock is this process's.
   */
  public String nowMillis() {
    return null;
  }

  /** Binds a blob id (canonical UUID text) to a parameter. */
  public void setId(PreparedStatement ps, int index, String id) throws SQLException {
    ps.setString(index, id);
  }

  /** Starts a write transaction on a connection in auto-commit mode. */
  public void begin(Connection c) throws SQLException {
    c.setAutoCommit(false);
  }

  /**
   * Starts a transaction that stages chunks of an upload nobody can see yet. Its commit need not
   * reach the disk: the upload's publishing commit is durable, and it makes every earlier commit
   * durable with it (one log, flushed in order); a crash before that loses only staged chunks,
   * which the garbage collector removes with their pending row.
   */
  public void beginStaging(Connection c) throws SQLException {
    begin(c);
  }

  /** Undoes, after the staging transaction ended, what {@link #beginStaging} changed. */
  public void endStaging(Connection c) throws SQLException {}

  /** Commits what {@link #begin(Connection)} started and returns to auto-commit mode. */
  public void commit(Connection c) throws SQLException {
    c.commit();
    c.setAutoCommit(true);
  }

  /** Rolls back what {@link #begin(Connection)} started and returns to auto-commit mode. */
  public void rollback(Connection c) throws SQLException {
    c.rollback();
    c.setAutoCommit(true);
  }

  /**
   * True if the failure is a transient lock conflict (SQLite busy, PostgreSQL serialization failure
   * or deadlock) after which the whole transaction may simply be run again.
   */
  public abstract boolean isRetryable(SQLException e);

  /**
   * True if the failure means the connection itself is gone (the server restarted or ended the
   * session): SQLSTATE class 08, or 57P01 to 57P03. The pool discards such a connection, so the
   * work may run again on another one, provided its transaction never reached COMMIT.
   */
  public boolean isConnectionLost(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08") || state.matches("57P0[123]")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A one-line exception for a database failure during {@code action} on {@code location}: disk
   * full, connection lost, permission denied, each named with what to do.
   */
  public BlobkeepException translate(SQLException e, String action, String location) {
    return new StoreException(
        action + " failed on " + name() + " store " + location + ": " + firstLine(e), e);
  }

  /**
   * Tells whether the writer that staged a pending upload is still alive, so that abandoned uploads
   * can be removed at once and live ones never are.
   */
  public abstract Owners owners();

  /** Executes statements in order on {@code c}. */
  protected static void execute(Connection c, List<String> statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** The first line of an exception's message. */
  public static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /**
   * A fragment of SQL with its parameters, in order.
   *
   * @param sql the fragment, with {@code ?} placeholders
   * @param parameters their values
   */
  public record Condition(String sql, List<Object> parameters) {}
}
