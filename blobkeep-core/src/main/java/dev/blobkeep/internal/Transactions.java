package dev.blobkeep.internal;

import dev.blobkeep.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;

/** One write transaction on a connection in auto-commit mode. */
final class Transactions {
  private Transactions() {}

  /**
   * Begins, runs {@code work}, commits; on any failure rolls back, attaching a rollback failure to
   * the original one, and rethrows.
   */
  static <T> T run(Dialect dialect, Connection c, SqlWork<T> work) throws SQLException {
    dialect.begin(c);
    try {
      T result = work.run(c);
      dialect.commit(c);
      return result;
    } catch (Throwable t) {
      rollback(dialect, c, t);
      throw t;
    }
  }

  /** Rolls back, recording a failure to do so as suppressed by {@code cause}. */
  static void rollback(Dialect dialect, Connection c, Throwable cause) {
    try {
      dialect.rollback(c);
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
