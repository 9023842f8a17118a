package dev.blobkeep.spi;

import dev.blobkeep.BlobkeepException;
import dev.blobkeep.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

  /** {@return a short name for messages}: {@code sqlite}, {@code postgresql}, {@code mariadb}. */
  public abstract String name();

  /** {@return the qualified name of the blobs table}, as statements write it. */
  public abstract String blobsTable();

  /** {@return the qualified name of the chunks table}, as statements write it. */
  public abstract String chunksTable();

  /** {@return the qualified name of the settings table}, as statements write it. */
  public abstract String settingsTable();

  /**
   * {@return the qualified name of the buckets table} ({@code name, created}; schema 4): one row
   * per bucket, which exists while empty.
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
   * version 1 on ready blobs with version 0 and no SHA-256 (allocated under version 3). Version 6
   * changes no table (PostgreSQL's step takes its schema lock): the engine moves staged blobs'
   * chunk rows to their new first index.
   *
   * @param fromVersion the store's schema version now, 0 for an empty database
   * @return the statements in order; empty if this step needs none
   */
  public abstract List<String> upgrade(int fromVersion);

  /**
   * {@return the blobs table's key column as statements write it}: {@code key}, which MariaDB and
   * MySQL reserve, so that their dialect quotes it.
   */
  public String keyColumn() {
    return "key";
  }

  /**
   * {@code insert} (an {@code INSERT ... VALUES} statement) made an upsert: when a row with the
   * same {@code conflictColumns} (a unique key) exists, its {@code updateColumns} take the inserted
   * values; with no update columns the existing row is kept and the statement counts 0 rows. The
   * default is {@code ON CONFLICT (...) DO UPDATE SET c = excluded.c} ({@code DO NOTHING}).
   *
   * @param insert an {@code INSERT ... VALUES} statement
   * @param conflictColumns the columns of the unique key, comma-separated
   * @param updateColumns the columns that take the inserted values; empty to keep the existing row
   * @return the upsert statement
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
   *
   * @param c the connection that runs the upgrade step, in its transaction
   * @throws SQLException if the lock cannot be taken
   */
  public void lockSchema(Connection c) throws SQLException {}

  /**
   * Called in a schema upgrade step's transaction after the dialect's {@link #upgrade} statements
   * ran, when there were any, before the engine's rewrite of rows. A database whose DDL commits by
   * itself (MariaDB) may set the session up for the rest of the step here. Does nothing by default.
   *
   * @param c the connection that runs the upgrade step
   * @throws SQLException if the session cannot be set up
   */
  public void afterUpgradeStatements(Connection c) throws SQLException {}

  /**
   * {@return true if the settings table exists} (the database holds a blobkeep store)
   *
   * @param c a connection to the database
   * @throws SQLException if the database cannot be asked
   */
  public abstract boolean storeExists(Connection c) throws SQLException;

  /** {@return true if {@link #backupInto} makes copies of the store} False by default. */
  public boolean makesBackups() {
    return false;
  }

  /**
   * Where {@link #makesBackups()} is false, how the database backs itself up, for the message that
   * refuses a backup.
   *
   * @return the database's own backup tools, e.g. {@code "pg_dump, pg_basebackup or a standby"}
   */
  public String ownBackups() {
    return "its own backup tools";
  }

  /**
   * Writes a consistent copy of the whole database, while others read and write it, into the new
   * file {@code file}; only where {@link #makesBackups()}.
   *
   * @param c a pooled connection to the database, to find it by
   * @param file the path of the copy, which must not exist yet
   * @throws SQLException if the copy fails
   * @throws UnsupportedOperationException where {@link #makesBackups()} is false
   */
  public void backupInto(Connection c, String file) throws SQLException {
    throw new UnsupportedOperationException(name() + " makes no backups");
  }

  /**
   * {@return the SQL for a parameter holding JSON text}, e.g. {@code ?} or {@code CAST(? AS
   * jsonb)}.
   */
  public String jsonParameter() {
    return "?";
  }

  /**
   * {@return a condition true when user field {@code field} of the meta JSON in {@code column}
   * equals the JSON value {@code jsonValue}}, with its parameters.
   *
   * @param column the column holding the user fields as JSON text
   * @param field the user field's name
   * @param jsonValue the value compared, as JSON text
   */
  public abstract Condition fieldEquals(String column, String field, String jsonValue);

  /**
   * {@return a condition true when {@code column} starts with {@code prefix}}, with its parameters.
   *
   * @param column a text column
   * @param prefix the prefix, compared code point by code point
   */
  public Condition startsWith(String column, String prefix) {
    return new Condition(
        "substr(" + column + ", 1, ?) = ?",
        List.of(prefix.codePointCount(0, prefix.length()), prefix));
  }

  /**
   * A code point range {@code column >= prefix AND column < successor(prefix)}: exact where the
   * column compares in code point order (PostgreSQL's {@code "C"} collation, UTF-8 bytes), and
   * served by an index on the column.
   *
   * @param column a text column that compares in code point order
   * @param prefix the prefix
   * @return the condition, with its parameters
   */
  protected static Condition codePointRange(String column, String prefix) {
    String upper = KeyOrder.successor(prefix);
    if (upper == null) {
      return new Condition(column + " >= ?", List.of(prefix));
    }
    return new Condition("(" + column + " >= ? AND " + column + " < ?)", List.of(prefix, upper));
  }

  /**
   * {@return true if one statement may insert into two tables} ({@code WITH b AS (INSERT ...)
   * INSERT ...}), so that a small blob's row and chunk are stored in one round trip. False by
   * default.
   */
  public boolean insertsInOneStatement() {
    return false;
  }

  /**
   * {@return true if the blobs table is a table whose rows have an integer key of their own beside
   * the id} (SQLite's {@code rowid}). The engine then inserts each row under a key derived from its
   * id where that key is free, and a read by id seeks that key first and checks the id, falling
   * back to the id's index for a row stored under another key (one stored by older code, or whose
   * key was taken). False by default.
   */
  public boolean keysRowsById() {
    return false;
  }

  /**
   * {@return how a blob's row is read with its first chunk} {@link FirstChunkRead#SUBQUERIES} by
   * default.
   */
  public FirstChunkRead firstChunkRead() {
    return FirstChunkRead.SUBQUERIES;
  }

  /**
   * {@return true if a content read may first try the blob's row alone, without the chunks table,
   * while the store's recent reads were of inline blobs} A blob that turns out not to be inline is
   * then read again with its first chunk, a second round trip; so the engine tries the row alone
   * only after a run of inline reads. For a database whose statement pays for every table it names
   * even when the row decides that one is not needed (MariaDB opens and locks it). False by
   * default.
   */
  public boolean triesRowAloneFirst() {
    return false;
  }

  /**
   * The value to store as the CRC of a chunk row that a compose moves to another blob and index.
   * Only the low 32 bits of a stored CRC count, so any integer with {@code crc} in them will do; a
   * database that rewrites a whole row when its stored size changes picks one that keeps the row's
   * size. The default is {@code crc} itself.
   *
   * @param oldStored the value stored in the row now
   * @param oldIdx the row's index now
   * @param newIdx the index it moves to
   * @param crc the CRC for its new place, 0 to 2^32 - 1
   * @return the value to store: {@code crc} plus a multiple of 2^32
   */
  public long rekeyedCrc(long oldStored, long oldIdx, long newIdx, long crc) {
    return crc;
  }

  /**
   * {@return how many bytes of chunks a sequential read of a blob may fetch in one statement} The
   * engine fetches {@code max(1, readAheadBytes() / chunkSize)} chunks at a time, never past the
   * range being read, and holds no more than that many chunks of the blob at once, besides the few
   * a download into a file has on their way to it. 0 (the default) fetches one chunk per statement,
   * which suits an embedded database, where a statement costs no round trip.
   */
  public int readAheadBytes() {
    return 0;
  }

  /**
   * {@return an SQL expression for the database's current time in epoch milliseconds}, read by the
   * database server, so that times written and compared by different processes need not trust their
   * clocks to agree (as leases do); or null for an embedded database, whose clock is this
   * process's. Null by default.
   */
  public String nowMillis() {
    return null;
  }

  /**
   * Binds a blob id to a parameter, as text by default. A dialect that overrides it overrides
   * {@link #idParameter} alike.
   *
   * @param ps the statement
   * @param index the parameter's position, from 1
   * @param id the id, canonical UUID text
   * @throws SQLException if binding fails
   */
  public void setId(PreparedStatement ps, int index, String id) throws SQLException {
    ps.setString(index, id);
  }

  /**
   * {@return a blob id as {@link #queryRow} binds it: the same value {@link #setId} binds} The
   * canonical UUID text by default.
   *
   * @param id the id, canonical UUID text
   */
  public Object idParameter(String id) {
    return id;
  }

  /**
   * What {@link #queryRow} makes of a query's first row.
   *
   * @param <T> the value made of the row
   */
  @FunctionalInterface
  public interface RowReader<T> {
    /**
     * {@return the caller's value made of {@code row}}
     *
     * @param row the first row, or null if the query returned none
     * @throws SQLException if reading a column fails
     */
    T read(ResultRow row) throws SQLException;
  }

  /**
   * Runs the query {@code ps} with {@code params} bound in order and hands its first row, or null
   * if it returned none, to {@code reader}; the rest of the result is not read. For the engine's
   * hottest reads (a small blob's content, one chunk). The default binds each parameter with the
   * setter of its type ({@code Integer}, {@code Long}, {@code String}, {@code byte[]}; anything
   * else, such as {@link #idParameter}'s value, with {@code setObject}, so never null, whose type
   * some databases cannot infer) and runs {@code executeQuery}; a dialect whose driver can step a
   * prepared statement more cheaply than through a {@code ResultSet} overrides it.
   *
   * @param <T> what {@code reader} makes of the row
   * @param ps a prepared query with {@code params.length} parameters
   * @param params the parameters' values in order
   * @param reader what makes the caller's value of the first row
   * @return what {@code reader} returned
   * @throws SQLException if the query fails, or {@code reader} does
   */
  public <T> T queryRow(PreparedStatement ps, Object[] params, RowReader<T> reader)
      throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p instanceof Integer v) {
        ps.setInt(i + 1, v);
      } else if (p instanceof Long v) {
        ps.setLong(i + 1, v);
      } else if (p instanceof String v) {
        ps.setString(i + 1, v);
      } else if (p instanceof byte[] v) {
        ps.setBytes(i + 1, v);
      } else {
        ps.setObject(i + 1, p);
      }
    }
    try (ResultSet rs = ps.executeQuery()) {
      return reader.read(rs.next() ? ResultRow.of(rs) : null);
    }
  }

  /**
   * Starts a write transaction on a connection in auto-commit mode.
   *
   * @param c a connection in auto-commit mode
   * @throws SQLException if the transaction cannot start
   */
  public void begin(Connection c) throws SQLException {
    c.setAutoCommit(false);
  }

  /**
   * Starts a transaction that stages content no get or listing can see yet: chunks of an upload
   * before it publishes, or a staged blob ({@link dev.blobkeep.Blobs#stage}, an S3 part) before a
   * compose consumes it. Its commit need not reach the disk: the commit that makes the content
   * visible (the upload's publish, the compose) is durable, and it makes every earlier commit
   * durable with it (one log, flushed in order); a crash before that loses only staged content: a
   * pending row's chunks, which the garbage collector removes with the row, or whole staged blobs.
   *
   * @param c a connection in auto-commit mode
   * @throws SQLException if the transaction cannot start
   */
  public void beginStaging(Connection c) throws SQLException {
    begin(c);
  }

  /**
   * Undoes, after the staging transaction ended, what {@link #beginStaging} changed.
   *
   * @param c the connection whose staging transaction ended
   * @throws SQLException if the setting cannot be restored
   */
  public void endStaging(Connection c) throws SQLException {}

  /**
   * Commits what {@link #begin(Connection)} started and returns to auto-commit mode.
   *
   * @param c the connection in a transaction
   * @throws SQLException if the commit fails; the transaction's outcome is then unknown
   */
  public void commit(Connection c) throws SQLException {
    c.commit();
    c.setAutoCommit(true);
  }

  /**
   * Checks, after a batch statement ({@link java.sql.Statement#executeBatch}) inside a transaction,
   * that the transaction is still open, before anything else runs in it. A backend on which a
   * transaction can be rolled back under a batch that still reports success (a MariaDB Galera node:
   * a conflicting write from another node aborts it) fails here with a conflict ({@link
   * #isRetryable}); without the check, the statements after it would run outside the transaction
   * and COMMIT would not commit what the batch did and report success. Not for a schema upgrade's
   * statements, which MariaDB runs outside a transaction once a step's DDL committed implicitly.
   * Does nothing by default.
   *
   * @param c the connection whose transaction ran the batch
   * @throws SQLException if the transaction is no longer open, or the check fails
   */
  public void afterBatch(Connection c) throws SQLException {}

  /**
   * True if a batch that a conflict aborts may leave some of its rows committed, which no check
   * after the batch can undo: on a MariaDB Galera node, a brute-force abort under Connector/J's
   * bulk {@code UPDATE} rolled back the rows before it and committed the rows after it, each on its
   * own, with the session in auto-commit mode or not; so did one under a bulk {@code INSERT} that
   * the driver sent as several commands (docs/mariadb.md, Galera). The engine then runs no batch
   * inside a transaction: its rows run as statements, each applied whole or not at all (a compose's
   * re-keying as multi-row statements, every other batch as a statement per row). False by default.
   *
   * @return true if a JDBC batch inside a transaction may be applied in part here, so that the
   *     engine runs its rows as single statements
   */
  public boolean batchesMayApplyInPart() {
    return false;
  }

  /**
   * Rolls back what {@link #begin(Connection)} started and returns to auto-commit mode.
   *
   * @param c the connection in a transaction
   * @throws SQLException if the rollback fails
   */
  public void rollback(Connection c) throws SQLException {
    c.rollback();
    c.setAutoCommit(true);
  }

  /**
   * True if the failure is a transient lock conflict (SQLite busy, PostgreSQL serialization failure
   * or deadlock) after which the whole transaction may simply be run again.
   *
   * @param e the failure of a statement or commit
   * @return true if running the transaction again may succeed
   */
  public abstract boolean isRetryable(SQLException e);

  /**
   * True if the failure means the connection itself is gone (the server restarted or ended the
   * session): SQLSTATE class 08, or 57P01 to 57P03. The pool discards such a connection, so the
   * work may run again on another one, provided its transaction never reached COMMIT.
   *
   * @param e the failure of a statement or commit
   * @return true if the connection is gone
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
   *
   * @param e the database's failure
   * @param action what was being done, e.g. {@code storing blob ...}
   * @param location the store's location, as given to open it
   * @return the exception to throw, with {@code e} as its cause
   */
  public BlobkeepException translate(SQLException e, String action, String location) {
    return new StoreException(
        action + " failed on " + name() + " store " + location + ": " + firstLine(e), e);
  }

  /**
   * {@return how this database tells whether the writer that staged a pending upload is still
   * alive}, so that abandoned uploads can be removed at once and live ones never are.
   */
  public abstract Owners owners();

  /**
   * Executes statements in order on {@code c}.
   *
   * @param c the connection
   * @param statements SQL statements without parameters
   * @throws SQLException if one fails; the ones after it are not run
   */
  protected static void execute(Connection c, List<String> statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /**
   * {@return the first line of an exception's message}, or {@code "null"} if it has none.
   *
   * @param e the exception
   */
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
