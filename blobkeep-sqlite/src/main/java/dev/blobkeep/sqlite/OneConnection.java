package dev.blobkeep.sqlite;

import dev.blobkeep.spi.PlainDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite connection, opened at once, lent to one caller at a time: a caller that finds it lent
 * waits up to the lock timeout. For a read-only store opened with a pool size of 1 (a command-line
 * command that lists or reads), it does what a pool of one would, without a pool's classes, thread
 * and start-up work. Closing a lent connection ({@link LentConnection}) returns it; {@link
 * #close()} closes it. Thread-safe.
 */
final class OneConnection extends PlainDataSource implements AutoCloseable {
  private final SQLiteDataSource sqlite;
  private final String initSql;
  private final Duration wait;
  private final Semaphore lent = new Semaphore(1);
  private Connection physical; // guarded by lent

  /**
   * Opens the connection and runs {@code initSql} on it.
   *
   * @throws SQLException if the database cannot be opened
   */
  OneConnection(SQLiteDataSource sqlite, String initSql, Duration wait) throws SQLException {
    this.sqlite = sqlite;
    this.initSql = initSql;
    this.wait = wait;
    physical = open();
  }

  private volatile boolean closed;

  private Connection open() throws SQLException {
    Connection c = sqlite.getConnection();
    try (Statement s = c.createStatement()) {
      s.execute(initSql);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  @Override
  public Connection getConnection() throws SQLException {
    try {
      if (!lent.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new SQLTransientConnectionException(
            "the store's one connection stayed in use for " + wait.toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLTransientConnectionException("interrupted waiting for the connection", e);
    }
    try {
      if (closed) {
        throw new SQLException("the store is closed");
      }
      if (physical == null || physical.isClosed()) {
        physical = open();
      }
    } catch (SQLException | RuntimeException e) {
      lent.release();
      throw e;
    }
    return new LentConnection(physical, lent);
  }

  /**
   * Closes the connection (after a failure that may have left it unusable); the next use reopens.
   */
  void evict(Connection lentOrPhysical) {
    try {
      lentOrPhysical.unwrap(Connection.class).close();
    } catch (SQLException e) {
      // closed already, or about to be dropped
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (physical != null) {
        physical.close();
      }
    } catch (SQLException e) {
      // the store is closing: nothing left to do with it
    }
  }
}
