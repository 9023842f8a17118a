package dev.blobkeep.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The plain-row alternative on a database server: a table {@code (k, v)}, one row per blob, on one
 * connection in autocommit, its two prepared statements kept open. What differs between servers
 * (the connection's settings, the table's column type) is chosen by {@link Pg#byteaRows} and {@link
 * Maria#longblobRows}, which make it. Not thread-safe.
 */
final class ServerRows implements AutoCloseable {
  private final Connection c;
  private final String truncate;
  private final PreparedStatement select;
  private final PreparedStatement insert;

  /**
   * Takes over {@code c}, closing it if the statements cannot be prepared.
   *
   * @param table the table, as the statements name it
   * @param truncate the statement that empties it
   */
  ServerRows(Connection c, String table, String truncate) throws SQLException {
    try {
      this.select = c.prepareStatement("SELECT v FROM " + table + " WHERE k = ?");
      this.insert = c.prepareStatement("INSERT INTO " + table + " (k, v) VALUES (?, ?)");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    this.c = c;
    this.truncate = truncate;
  }

  byte[] read(int k) throws SQLException {
    select.setInt(1, k);
    try (ResultSet rs = select.executeQuery()) {
      return rs.next() ? rs.getBytes(1) : null;
    }
  }

  /** Copies the value under {@code k} to {@code out}; returns its length, or -1 if absent. */
  long read(int k, OutputStream out) throws Exception {
    select.setInt(1, k);
    try (ResultSet rs = select.executeQuery()) {
      if (!rs.next()) {
        return -1;
      }
      try (InputStream in = rs.getBinaryStream(1)) {
        return in.transferTo(out);
      }
    }
  }

  void insert(int k, byte[] v) throws SQLException {
    insert.setInt(1, k);
    insert.setBytes(2, v);
    insert.executeUpdate();
  }

  void insert(int k, InputStream in, long length) throws SQLException {
    insert.setInt(1, k);
    insert.setBinaryStream(2, in, length);
    insert.executeUpdate();
  }

  void begin() throws SQLException {
    c.setAutoCommit(false);
  }

  void commit() throws SQLException {
    c.commit();
    c.setAutoCommit(true);
  }

  void truncate() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(truncate);
    }
  }

  @Override
  public void close() throws SQLException {
    try (c) {
      select.close();
      insert.close();
    }
  }
}
