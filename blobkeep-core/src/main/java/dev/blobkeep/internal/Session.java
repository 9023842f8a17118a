package dev.blobkeep.internal;

import dev.blobkeep.spi.Dialect;
import java.util.function.Supplier;

/**
 * How store operations reach the database. A pooled session runs each unit of work in its own short
 * transaction on a pooled connection, retrying lock conflicts; a bound session runs everything on
 * one connection inside a transaction someone else commits.
 */
interface Session {

  /** Runs a read; a single statement sees one consistent state. */
  default <T> T read(String action, SqlWork<T> work) {
    return read(() -> action, work);
  }

  /**
   * As {@link #read(String, SqlWork)}, with the action's text made only if a message needs it: for
   * the reads of a small get, whose time is a few microseconds.
   */
  <T> T read(Supplier<String> action, SqlWork<T> work);

  /** Runs {@code work} as one atomic write; in a pooled session it is committed on return. */
  <T> T write(String action, SqlWork<T> work);

  /**
   * As {@link #write}, for a transaction that stages chunks of an upload not yet published, or a
   * staged blob not yet composed: its commit need not be durable by itself ({@link
   * dev.blobkeep.spi.Dialect#beginStaging}).
   */
  <T> T writeStaging(String action, SqlWork<T> work);

  /**
   * Runs {@code work}, which is a single write statement and so atomic by itself: a pooled session
   * runs it in auto-commit mode, saving the round trips of an explicit transaction. Like a read, it
   * is run again on another connection if the connection is lost, so it must fail (not apply twice)
   * if it had landed: an insert of a new id does.
   */
  <T> T writeStatement(String action, SqlWork<T> work);

  /**
   * True if the store was opened read-only: every write fails with {@link
   * dev.blobkeep.ReadOnlyStoreException}, so work that would store a derived value as a side effect
   * of a read (a recomputed SHA-256) must skip storing it.
   */
  boolean readOnly();

  /** True if every write joins one enclosing transaction. */
  boolean bound();

  Dialect dialect();

  Sql sql();

  /** Where this session's statements are prepared (and kept, for the store's own pool). */
  Statements statements();

  /** The store location, for messages. */
  String location();

  /** The owner id stamped on this store's pending uploads. */
  String owner();

  /** Fails if the store was closed. */
  void checkOpen();
}
