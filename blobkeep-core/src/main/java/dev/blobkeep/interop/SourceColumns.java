package dev.blobkeep.interop;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks, before an import reads a row, that the source has its table and every column it names, as
 * the source itself describes them, so that a misspelled name fails the run with one line instead
 * of reading something else. Thread-safe (no state).
 *
 * <p>The table's columns are those of {@code SELECT * FROM table WHERE 1 = 0} (its result set's
 * metadata, which resolves the table exactly as the import's own queries will: search path, views,
 * attached databases). A name among them is there. Any other name is there only if the source
 * resolves it as a column of the table in {@code SELECT alias.name FROM table alias WHERE 1 = 0}: a
 * name spelled in another case where the source ignores case (SQLite, MariaDB), or a hidden column
 * ({@code rowid}). That column reference is qualified, so no source can take the name for a string
 * literal, as SQLite does with a double-quoted name that is no column.
 */
final class SourceColumns {
  /** The most names a message lists before it says how many more there are. */
  private static final int LISTED = 50;

  private SourceColumns() {}

  /**
   * Returns normally if the source has the table and every column {@code options} names.
   *
   * @param quote the source's identifier quote ({@link Sources#identifierQuote(Connection)})
   * @throws ImportException naming the table, the source, the names it lacks and the columns it
   *     has; or, if the table cannot be read, the driver's reason and the tables the source lists
   * @throws SQLException if the source fails while it is asked
   */
  static void check(Connection c, ImportOptions options, String quote, String sourceName)
      throws SQLException {
    String table = SqlNames.quoteTable(options.table(), quote);
    List<String> columns = new ArrayList<>();
    Savepoint before = savepoint(c);
    try (PreparedStatement all = c.prepareStatement("SELECT * FROM " + table + " WHERE 1 = 0");
        ResultSet rs = all.executeQuery()) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i));
      }
      release(c, before);
    } catch (SQLException e) {
      rollback(c, before);
      throw readFailed(options.table(), sourceName, e, tables(c));
    }
    Map<String, String> missing = new LinkedHashMap<>();
    for (Map.Entry<String, String> named : named(options).entrySet()) {
      String column = named.getKey();
      if (!columns.contains(column) && !resolves(c, table, column, quote)) {
        missing.put(column, named.getValue());
      }
    }
    if (!missing.isEmpty()) {
      List<String> lacking = new ArrayList<>();
      missing.forEach((column, what) -> lacking.add(SqlNames.shown(column) + " (" + what + ")"));
      List<String> has = new ArrayList<>();
      columns.forEach(column -> has.add(SqlNames.shown(column)));
      throw new ImportException(
          "table "
              + SqlNames.shown(options.table())
              + " of source "
              + sourceName
              + " has no column "
              + String.join(", ", lacking)
              + "; its columns: "
              + listed(has)
              + "; nothing was imported");
    }
  }

  /**
   * The failure to read {@code table} of the source: the driver's first line, then {@code hint}
   * (empty, or the tables the source lists).
   */
  static ImportException readFailed(String table, String sourceName, SQLException e, String hint) {
    return new ImportException(
        "reading table "
            + table
            + " of source "
            + sourceName
            + " failed: "
            + Sources.firstLine(e)
            + hint,
        e);
  }

  /** Every column the options name, with what it is for, in the order of the options. */
  private static Map<String, String> named(ImportOptions options) {
    Map<String, String> named = new LinkedHashMap<>();
    named.put(options.idColumn(), "id column");
    named.putIfAbsent(options.dataColumn(), "data column");
    if (options.keyColumn() != null) {
      named.putIfAbsent(options.keyColumn(), "key column");
    }
    for (String column : options.metaColumns()) {
      named.putIfAbsent(column, "meta column");
    }
    return named;
  }

  /**
   * Whether the source takes {@code column} as a column of {@code table} (quoted). A statement the
   * source refuses while its connection stays usable means no; a lost connection is rethrown.
   */
  private static boolean resolves(Connection c, String table, String column, String quote)
      throws SQLException {
    String alias = SqlNames.quote("t", quote);
    String sql =
        "SELECT "
            + alias
            + "."
            + SqlNames.quote(column, quote)
            + " FROM "
            + table
            + " "
            + alias
            + " WHERE 1 = 0";
    Savepoint before = savepoint(c);
    try (PreparedStatement probe = c.prepareStatement(sql);
        ResultSet rs = probe.executeQuery()) {
      release(c, before);
      return true;
    } catch (SQLException e) {
      rollback(c, before);
      if (!c.isValid(5)) {
        throw e; // the source went away: not a missing column, and the caller says so
      }
      return false;
    }
  }

  /**
   * A savepoint to return to if the next statement fails, inside a transaction (PostgreSQL refuses
   * every later statement of a transaction in which one failed); null in auto-commit mode.
   */
  private static Savepoint savepoint(Connection c) throws SQLException {
    return c.getAutoCommit() ? null : c.setSavepoint();
  }

  private static void release(Connection c, Savepoint savepoint) throws SQLException {
    if (savepoint != null) {
      c.releaseSavepoint(savepoint);
    }
  }

  private static void rollback(Connection c, Savepoint savepoint) throws SQLException {
    if (savepoint != null) {
      c.rollback(savepoint);
    }
  }

  /**
   * {@code " (tables: 'a', 'b')"}, the tables and views the driver lists for the connection's
   * catalog and schema, or nothing if it lists none or cannot.
   */
  private static String tables(Connection c) {
    TreeSet<String> names = new TreeSet<>();
    try {
      DatabaseMetaData meta = c.getMetaData();
      try (ResultSet rs =
          meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE", "VIEW"})) {
        while (rs.next()) {
          names.add(rs.getString("TABLE_NAME"));
        }
      }
    } catch (SQLException | RuntimeException e) {
      return ""; // only a hint: the driver's reason above is the message
    }
    List<String> shown = new ArrayList<>();
    names.forEach(name -> shown.add(SqlNames.shown(name)));
    return names.isEmpty() ? "" : " (tables: " + listed(shown) + ")";
  }

  private static String listed(List<String> names) {
    if (names.size() <= LISTED) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, LISTED))
        + " and "
        + (names.size() - LISTED)
        + " more";
  }
}
