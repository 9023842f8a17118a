package dev.blobkeep.internal;

import dev.blobkeep.BlobkeepException;
import dev.blobkeep.TransactionConflictException;
import dev.blobkeep.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Everything on one connection, inside a transaction that the store ({@code inTransaction}) or the
 * caller ({@code on(Connection)}) commits. Lock conflicts are not retried here: they surface as a
 * {@link TransactionConflictException} to whoever owns the transaction, which may run it again. In
 * a read-only store every write is refused.
 */
final class BoundSession implements Session {
  private final Connection connection;
  private final PooledSession parent;
  private final boolean callers;
  private volatile boolean ended;

  /**
   * @param callers true for a caller's own connection: when it is in auto-commit mode, each write
   *     runs in a transaction of its own on it, so that no operation is ever half applied
   */
  BoundSession(Connection connection, PooledSession parent, boolean callers) {
    this.connection = connection;
    this.parent = parent;
    this.callers = callers;
  }

  @Override
  public <T> T read(Supplier<String> action, SqlWork<T> work) {
    checkOpen();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(e, action.get());
    }
  }

  @Override
  public <T> T write(String action, SqlWork<T> work) {
    checkOpen();
    parent.checkWritable(action);
    try {
      if (callers && connection.getAutoCommit()) {
        return Transactions.run(parent.dialect(), connection, work);
      }
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(e, action);
    }
  }

  /** A conflict as {@link TransactionConflictException}, anything else as the dialect says. */
  private BlobkeepException failure(SQLException e, String action) {
    return conflictOrTranslate(parent.dialect(), e, action, parent.location());
  }

  /**
   * The exception for a failure inside a transaction that the store does not retry itself: a
   * conflict ({@link Dialect#isRetryable}) says that the transaction may be run again.
   */
  static BlobkeepException conflictOrTranslate(
      Dialect dialect, SQLException e, String action, String location) {
    if (dialect.isRetryable(e)) {
      return new TransactionConflictException(
          action
              + " on "
              + location
              + " conflicted with a concurrent transaction ("
              + Dialect.firstLine(e)
              + "); nothing of the transaction commits, and it may be run again",
          e);
    }
    return dialect.translate(e, action, location);
  }

  @Override
  public <T> T writeStaging(String action, SqlWork<T> work) {
    return write(action, work);
  }

  @Override
  public <T> T writeStatement(String action, SqlWork<T> work) {
    return write(action, work);
  }

  /** Marks the transaction finished: any later use of its view fails. */
  void end() {
    ended = true;
  }

  @Override
  public boolean readOnly() {
    return parent.readOnly();
  }

  @Override
  public boolean bound() {
    return true;
  }

  @Override
  public Dialect dialect() {
    return parent.dialect();
  }

  @Override
  public Sql sql() {
    return parent.sql();
  }

  @Override
  public Statements statements() {
    return callers ? Statements.NONE : parent.statements();
  }

  @Override
  public String location() {
    return parent.location();
  }

  @Override
  public String owner() {
    return parent.owner();
  }

  @Override
  public void checkOpen() {
    parent.checkOpen();
    if (ended) {
      throw new BlobkeepException(
          "transaction on " + parent.location() + " has ended; its view can no longer be used");
    }
  }
}
