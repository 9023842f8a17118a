package dev.blobkeep.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@code pg-bytea-row} alternative: a plain table {@code (k integer PRIMARY KEY, v bytea)}, one
 * row per blob, through pgjdbc on one connection in autocommit, prepared statements kept open. Like
 * blobkeep's connections it uses {@code prepareThreshold=1} and binary transfer, so values travel
 * as raw bytes from the first execution (pgjdbc's default threshold of 5 would fetch the first
 * reads as hex text twice their size), and its column is {@code STORAGE EXTERNAL} (no compression
 * attempt), as blobkeep's chunk column is. Not thread-safe.
 */
final class ByteaRows implements AutoCloseable {
  private final Connection c;
  private final PreparedStatement select;
  private final PreparedStatement insert;

  private ByteaRows(Connection c) throws SQLException {
    this.c = c;
    this.select = c.prepareStatement("SELECT v FROM " + Pg.BYTEA_TABLE + " WHERE k = ?");
    this.insert = c.prepareStatement("INSERT INTO " + Pg.BYTEA_TABLE + " (k, v) VALUES (?, ?)");
  }

  /** Opens the table, creating it if needed. */
  static ByteaRows open(String url) throws SQLException {
    Connection c = Pg.connect(url, "1");
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + Pg.BYTEA_TABLE
              + " (k integer PRIMARY KEY, v bytea NOT NULL)");
      s.execute("ALTER TABLE " + Pg.BYTEA_TABLE + " ALTER COLUMN v SET STORAGE EXTERNAL");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return new ByteaRows(c);
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
      s.execute("TRUNCATE " + Pg.BYTEA_TABLE);
    }
  }

  @Override
  public void close() throws SQLException {
    select.close();
    insert.close();
    c.close();
  }
}
