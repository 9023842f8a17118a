package dev.blobkeep.internal;

import dev.blobkeep.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;

/** One write transaction on a connection in auto-commit mode. */
final class Transactions {
  private Transactions() {}

  /**
   * Begins, runs {@code work}, commits; on any failure rolls back, attaching a rollback failure to
   * the original one, and rethrows.
   */
  static <T> T run(Dialect dialect, Connection c, SqlWork<T> work) throws SQLException {
    return run(dialect, c, work, new boolean[1]);
  }

  /**
   * As {@link #run(Dialect, Connection, SqlWork)}, setting {@code committing[0]} once COMMIT is
   * sent: after that a failure leaves the outcome unknown, and the work must not be run again.
   */
  static <T> T run(Dialect dialect, Connection c, SqlWork<T> work, boolean[] committing)
      throws SQLException {
    dialect.begin(c);
    return finish(dialect, c, work, committing);
  }

  /**
   * As {@link #run(Dialect, Connection, SqlWork, boolean[])} for a transaction that stages chunks
   * of an upload ({@link Dialect#beginStaging}).
   */
  static <T> T runStaging(
      Dialect dialect,
      Connection c,
      SqlWork<T> work,
      boolean[] committing,
      Consumer<Connection> evict)
      throws SQLException {
    dialect.beginStaging(c);
    T result;
    try {
      result = finish(dialect, c, work, committing);
    } catch (Throwable t) {
      try {
        endStaging(dialect, c, evict);
      } catch (SQLException e) {
        t.addSuppressed(e);
      }
      throw t;
    }
    endStaging(dialect, c, evict);
    return result;
  }

  /**
   * Undoes {@link Dialect#beginStaging}; if that fails the connection may stay in its staging
   * settings (no flush at commit), so the pool is told to drop it.
   */
  private static void endStaging(Dialect dialect, Connection c, Consumer<Connection> evict)
      throws SQLException {
    try {
      dialect.endStaging(c);
    } catch (SQLException | RuntimeException e) {
      evict.accept(c);
      throw e;
    }
  }

  private static <T> T finish(Dialect dialect, Connection c, SqlWork<T> work, boolean[] committing)
      throws SQLException {
    try {
      T result = work.run(c);
      committing[0] = true;
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
