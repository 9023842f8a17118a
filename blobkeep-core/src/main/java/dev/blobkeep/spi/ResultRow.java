package dev.blobkeep.spi;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The current row of a query's result, read by column number from 1, as {@link ResultSet}'s getters
 * read it: a NULL reads as 0 from {@link #getLong} and {@link #getInt} and as null from {@link
 * #getString} and {@link #getBytes}. Valid only inside the call that hands it out ({@link
 * Dialect#queryRow}); not thread-safe.
 */
public interface ResultRow {
  /**
   * {@return the column's value as a long, 0 if NULL}
   *
   * @param column the column's number, from 1
   * @throws SQLException if the column is out of range or cannot be read
   */
  long getLong(int column) throws SQLException;

  /**
   * {@return the column's value as an int, 0 if NULL}
   *
   * @param column the column's number, from 1
   * @throws SQLException if the column is out of range or cannot be read
   */
  int getInt(int column) throws SQLException;

  /**
   * {@return the column's value as text, or null}
   *
   * @param column the column's number, from 1
   * @throws SQLException if the column is out of range or cannot be read
   */
  String getString(int column) throws SQLException;

  /**
   * {@return the column's bytes in a new array, or null}
   *
   * @param column the column's number, from 1
   * @throws SQLException if the column is out of range or cannot be read
   */
  byte[] getBytes(int column) throws SQLException;

  /**
   * {@return the current row of {@code rs}, read through it}
   *
   * @param rs a result set placed on a row
   */
  static ResultRow of(ResultSet rs) {
    return new ResultRow() {
      @Override
      public long getLong(int column) throws SQLException {
        return rs.getLong(column);
      }

      @Override
      public int getInt(int column) throws SQLException {
        return rs.getInt(column);
      }

      @Override
      public String getString(int column) throws SQLException {
        return rs.getString(column);
      }

      @Override
      public byte[] getBytes(int column) throws SQLException {
        return rs.getBytes(column);
      }
    };
  }
}
