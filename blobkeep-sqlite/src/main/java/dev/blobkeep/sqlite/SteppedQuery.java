package dev.blobkeep.sqlite;

import dev.blobkeep.spi.Dialect;
import dev.blobkeep.spi.ResultRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;
import org.sqlite.core.SafeStmtPtr;

/**
 * Runs a prepared query through sqlite-jdbc's statement handle ({@code org.sqlite.core}, a package
 * the driver exports) and reads its first row from the handle, without a {@link
 * java.sql.ResultSet}. The driver's {@code executeQuery} decodes every result column's name through
 * JNI at each execution and builds a result set around the row: 7.5% of a small read's samples in a
 * profile (9% with a memory map; blobkeep-bench/RESULTS.md). Binding, the step and the reset after
 * are the driver's own calls ({@code DB.execute}, {@code DB.reset}), under its lock on the
 * connection. What {@code executeQuery} adds besides: a query timeout, which the engine never sets
 * on its statements, and on a connection opened with {@code explicit_readonly} the enforcement of
 * its transaction mode, so such a connection's statements are not stepped ({@link #handle}). Only
 * for a statement of sqlite-jdbc's own, as the engine prepares on its pool's unwrapped connections
 * and on a caller's plain sqlite-jdbc connection: a statement behind a wrapper (a caller's pool or
 * tracing proxy) is run through the wrapper.
 */
final class SteppedQuery {
  /**
   * True if the driver on the class path has the members used here (a different sqlite-jdbc version
   * may not): else every query runs through the JDBC API.
   */
  static final boolean AVAILABLE = driverHasMembers();

  private SteppedQuery() {}

  /**
   * {@return the statement as sqlite-jdbc's own, or null if it is not one or cannot be stepped} Not
   * on a connection opened with {@code explicit_readonly}, whose transaction mode {@code
   * executeQuery} enforces before each query (a caller's connection, through {@code on(Connection)}
   * or a caller's {@code DataSource}).
   */
  static CoreStatement handle(PreparedStatement ps) {
    return AVAILABLE
            && ps instanceof CoreStatement core
            && !core.conn.getDatabase().getConfig().isExplicitReadOnly()
        ? core
        : null;
  }

  /**
   * {@link Dialect#queryRow} on the statement {@code st}.
   *
   * @throws SQLException if {@code params} are not as many as the statement's parameters, or the
   *     query or {@code reader} fails
   */
  static <T> T run(CoreStatement st, Object[] params, Dialect.RowReader<T> reader)
      throws SQLException {
    int expected = ((PreparedStatement) st).getParameterMetaData().getParameterCount();
    if (params.length != expected) {
      throw new SQLException(
          "query has " + expected + " parameters but " + params.length + " values were given");
    }
    SafeStmtPtr pointer = st.pointer;
    return pointer.safeRun(
        (db, handle) -> {
          try {
            // binds the parameters and steps once; resets the statement itself if there is no row
            boolean row = db.execute(st, params);
            return reader.read(row ? new Row(db, handle, db.column_count(handle)) : null);
          } finally {
            // execute closes (finalizes) the statement on most errors: never touch it after that
            if (!pointer.isClosed()) {
              db.reset(handle);
            }
          }
        });
  }

  /** The statement's current row, read by column from 1 as sqlite-jdbc's result set reads it. */
  private record Row(DB db, long handle, int columns) implements ResultRow {
    @Override
    public long getLong(int column) throws SQLException {
      return db.column_long(handle, index(column));
    }

    @Override
    public int getInt(int column) throws SQLException {
      return db.column_int(handle, index(column));
    }

    @Override
    public String getString(int column) throws SQLException {
      return db.column_text(handle, index(column));
    }

    @Override
    public byte[] getBytes(int column) throws SQLException {
      return db.column_blob(handle, index(column));
    }

    /** SQLite's index of {@code column}; SQLite itself would read a column out of range as NULL. */
    private int index(int column) throws SQLException {
      if (column < 1 || column > columns) {
        throw new SQLException("column " + column + " out of bounds [1," + columns + "]");
      }
      return column - 1;
    }
  }

  private static boolean driverHasMembers() {
    try {
      CoreStatement.class.getField("pointer");
      CoreStatement.class.getField("conn");
      SQLiteConnection.class.getMethod("getDatabase");
      DB.class.getMethod("getConfig");
      SQLiteConfig.class.getMethod("isExplicitReadOnly");
      SafeStmtPtr.class.getMethod("safeRun", SafeStmtPtr.SafePtrFunction.class);
      SafeStmtPtr.class.getMethod("isClosed");
      DB.class.getMethod("execute", CoreStatement.class, Object[].class);
      DB.class.getMethod("reset", long.class);
      DB.class.getMethod("column_count", long.class);
      for (String getter :
          new String[] {"column_long", "column_int", "column_text", "column_blob"}) {
        DB.class.getMethod(getter, long.class, int.class);
      }
      return true;
    } catch (ReflectiveOperationException | LinkageError e) {
      return false;
    }
  }
}
