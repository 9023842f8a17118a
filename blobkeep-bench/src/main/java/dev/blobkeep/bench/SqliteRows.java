package dev.blobkeep.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@code sqlite-row} alternative: a plain table {@code kv(k INTEGER PRIMARY KEY, v BLOB)}, one
 * row per blob, through sqlite-jdbc on one connection with prepared statements kept open (the
 * layout of SQLite's kvtest). It gets the pragmas blobkeep's SQLite backend uses: 64 KiB pages,
 * WAL, a 64 MiB cache, and {@code synchronous} FULL or NORMAL as asked. Not thread-safe.
 */
final class SqliteRows implements AutoCloseable {
  private final Connection c;
  private final PreparedStatement select;
  private final PreparedStatement insert;

  private SqliteRows(Connection c) throws SQLException {
    this.c = c;
    this.select = c.prepareStatement("SELECT v FROM kv WHERE k = ?");
    this.insert = c.prepareStatement("INSERT INTO kv (k, v) VALUES (?, ?)");
  }

  /** Opens (creating if needed) the table in {@code file}. */
  static SqliteRows open(Path file, boolean durable) throws SQLException {
    return open(file, durable, 0);
  }

  /** As {@link #open(Path, boolean)}, reading up to {@code memoryMap} bytes through a map. */
  static SqliteRows open(Path file, boolean durable, long memoryMap) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA mmap_size = " + memoryMap);
      s.execute("PRAGMA page_size = 65536"); // takes effect only on a new file, before WAL
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = " + synchronous(durable));
      s.execute("PRAGMA cache_size = -65536");
      s.execute("CREATE TABLE IF NOT EXISTS kv (k INTEGER PRIMARY KEY, v BLOB)");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return new SqliteRows(c);
  }

  static String synchronous(boolean durable) {
    return durable ? "FULL" : "NORMAL";
  }

  /** The blob under {@code k}, or null. */
  byte[] read(int k) throws SQLException {
    select.setInt(1, k);
    try (ResultSet rs = select.executeQuery()) {
      return rs.next() ? rs.getBytes(1) : null;
    }
  }

  /** Inserts a row; commits at once unless inside {@link #begin()}. */
  void insert(int k, byte[] v) throws SQLException {
    insert.setInt(1, k);
    insert.setBytes(2, v);
    insert.executeUpdate();
  }

  void begin() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN");
    }
  }

  void commit() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("COMMIT");
    }
  }

  @Override
  public void close() throws SQLException {
    select.close();
    insert.close();
    c.close();
  }
}
