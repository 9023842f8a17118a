package dev.blobkeep.internal;

import dev.blobkeep.BlobkeepException;
import dev.blobkeep.ReadOnlyStoreException;
import dev.blobkeep.StoreException;
import dev.blobkeep.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Each unit of work on a pooled connection, in its own transaction, lock conflicts retried with a
 * {@link Backoff} until the lock timeout. A read-only session refuses every write before it reaches
 * the database.
 */
final class PooledSession implements Session {
  private final DataSource dataSource;
  private final Dialect dialect;
  private final Sql sql;
  private final String location;
  private final String owner;
  private final Duration lockTimeout;
  private final int poolSize;
  private final Statements statements;
  private final Consumer<Connection> evict;
  private final boolean readOnly;
  private volatile boolean closed;

  PooledSession(
      DataSource dataSource,
      Dialect dialect,
      String location,
      String owner,
      Duration lockTimeout,
      int poolSize,
      Statements statements,
      Consumer<Connection> evict,
      boolean readOnly) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.sql = new Sql(dialect);
    this.location = location;
    this.owner = owner;
    this.lockTimeout = lockTimeout;
    this.poolSize = poolSize;
    this.statements = statements;
    this.evict = evict;
    this.readOnly = readOnly;
  }

  /** How a unit of work runs on its connection. */
  private enum Mode {
    READ,
    TRANSACTION,
    STAGING,
    STATEMENT
  }

  @Override
  public <T> T read(Supplier<String> action, SqlWork<T> work) {
    return run(action, work, Mode.READ);
  }

  @Override
  public <T> T write(String action, SqlWork<T> work) {
    return run(() -> action, work, Mode.TRANSACTION);
  }

  @Override
  public <T> T writeStaging(String action, SqlWork<T> work) {
    return run(() -> action, work, Mode.STAGING);
  }

  @Override
  public <T> T writeStatement(String action, SqlWork<T> work) {
    return run(() -> action, work, Mode.STATEMENT);
  }

  private <T> T run(Supplier<String> action, SqlWork<T> work, Mode mode) {
    checkOpen();
    if (mode != Mode.READ) {
      checkWritable(action.get());
    }
    long deadline = System.nanoTime() + lockTimeout.toNanos();
    int lost = 0;
    for (int attempt = 1; ; attempt++) {
      // once COMMIT is sent, a lost connection leaves the outcome unknown: not run again. A
      // single statement is (its callers make it fail harmlessly if it had landed).
      boolean[] committing = new boolean[1];
      try (Connection c = dataSource.getConnection()) {
        try {
          return switch (mode) {
            case TRANSACTION -> Transactions.run(dialect, c, work, committing);
            case STAGING -> Transactions.runStaging(dialect, c, work, committing, evict);
            case READ, STATEMENT -> work.run(c);
          };
        } catch (SQLException e) {
          // Statements run on the physical connection, so the pool never saw this failure.
          if (dialect.isConnectionLost(e)) {
            evict.accept(c);
          }
          throw e;
        }
      } catch (SQLException e) {
        // A connection the server ended (restart, failover) fails once; the pool drops it. Every
        // pooled connection may be such a one, so try as many as the pool holds, plus a new one.
        if (dialect.isConnectionLost(e) && !committing[0] && lost++ <= poolSize) {
          continue;
        }
        if (dialect.isRetryable(e) && System.nanoTime() < deadline) {
          Backoff.pause(attempt);
          continue;
        }
        if (dialect.isRetryable(e)) {
          throw new StoreException(
              action.get()
                  + " on "
                  + location
                  + " gave up after waiting "
                  + lockTimeout.toMillis()
                  + " ms for a database lock ("
                  + attempt
                  + " attempts): "
                  + Dialect.firstLine(e),
              e);
        }
        throw dialect.translate(e, action.get(), location);
      }
    }
  }

  @Override
  public boolean readOnly() {
    return readOnly;
  }

  /** Fails with {@link ReadOnlyStoreException} if the store was opened read-only. */
  void checkWritable(String action) {
    if (readOnly) {
      throw new ReadOnlyStoreException(
          "store " + location + " is open read-only: " + action + " refused");
    }
  }

  @Override
  public boolean bound() {
    return false;
  }

  @Override
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public Sql sql() {
    return sql;
  }

  @Override
  public Statements statements() {
    return statements;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public String owner() {
    return owner;
  }

  void close() {
    closed = true;
    statements.clear();
  }

  @Override
  public void checkOpen() {
    if (closed) {
      throw new BlobkeepException("store " + location + " is closed");
    }
  }
}
