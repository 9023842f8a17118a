package dev.blobkeep.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@code mariadb-longblob-row} alternative: a plain InnoDB table {@code (k INT PRIMARY KEY, v
 * LONGBLOB)}, one row per blob, through MariaDB Connector/J on one connection in autocommit with
 * its default (client-side) prepared statements, kept open. A value must fit the server's {@code
 * max_allowed_packet}, and the driver reads a whole row into memory. Not thread-safe.
 */
final class LongblobRows implements AutoCloseable {
  private final Connection c;
  private final PreparedStatement select;
  private final PreparedStatement insert;

  private LongblobRows(Connection c) throws SQLException {
    this.c = c;
    this.select = c.prepareStatement("SELECT v FROM rows_table WHERE k = ?");
    this.insert = c.prepareStatement("INSERT INTO rows_table (k, v) VALUES (?, ?)");
  }

  /** Opens the table in the run's rows database, creating both if needed. */
  static LongblobRows open() throws SQLException {
    try (Connection admin = Maria.connect(Maria.url());
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS " + Maria.ROWS_DATABASE);
    }
    Connection c = Maria.connect(Maria.url(Maria.ROWS_DATABASE));
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS rows_table (k INT PRIMARY KEY, v LONGBLOB NOT NULL)"
              + " ENGINE=InnoDB");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return new LongblobRows(c);
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
      s.execute("TRUNCATE TABLE rows_table");
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
