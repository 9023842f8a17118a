package dev.blobkeep;

import dev.blobkeep.internal.Stores;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * A blob store over one database: an embedded SQLite file (the default) or a PostgreSQL server.
 * Thread-safe; close it when done to release its connections.
 *
 * <pre>{@code
 * try (BlobStore store = BlobStore.open("blobs.db")) {
 *   BlobInfo info = store.put(Path.of("cat.png"), PutOptions.at("photos", "cat.png"));
 *   store.get(info.ref(), Path.of("copy.png"));
 * }
 * }</pre>
 *
 * <p>The backend is chosen by the location: a file path or {@code jdbc:sqlite:} URL for SQLite,
 * {@code jdbc:postgresql:} for PostgreSQL (with {@code blobkeep-postgres} on the class path),
 * {@code jdbc:mariadb:} for MariaDB (with {@code blobkeep-mariadb}).
 */
public interface BlobStore extends Blobs, AutoCloseable {

  /** Opens (creating if needed) the store at a file path or JDBC URL, with default options. */
  static BlobStore open(String location) {
    return open(location, StoreOptions.defaults());
  }

  /**
   * Opens (creating if needed) the store at a file path or JDBC URL.
   *
   * @throws StoreFormatException if the location holds something that is not a blobkeep store, or a
   *     store made by a newer version
   * @throws StoreException if the database cannot be reached
   */
  static BlobStore open(String location, StoreOptions options) {
    return Stores.open(location, options);
  }

  /**
   * Opens the store over a caller's {@link DataSource}; the backend is recognised from the
   * connection's metadata. The caller keeps ownership of the data source.
   */
  static BlobStore open(DataSource dataSource, StoreOptions options) {
    return Stores.open(dataSource, options);
  }

  /** The location this store was opened on, without credentials. */
  String location();

  /**
   * Runs {@code body} in one transaction: everything it does through its {@link Blobs} commits
   * together when it returns, or rolls back if it throws (rollback failures are attached as
   * suppressed exceptions).
   */
  <T, X extends Exception> T inTransaction(TransactionBody<T, X> body) throws X;

  /** As {@link #inTransaction(TransactionBody)}, without a result. */
  <X extends Exception> void useTransaction(TransactionWork<X> work) throws X;

  /**
   * Store operations inside the transaction the caller holds on its own connection to the same
   * database: nothing is committed or rolled back by blobkeep; the caller does that. The connection
   * must stay open while the view is used, and is never closed by blobkeep.
   */
  Blobs on(Connection connection);

  /** Verifies every blob; see {@link Blobs#verify(BlobRef)}. */
  VerifyReport verifyAll();

  /**
   * Removes what interrupted work left behind: uploads whose writer is gone and chunks of deleted
   * blobs. Uploads still in progress, in this or another process, are left alone. Also run when the
   * store is opened.
   */
  GcReport gc();

  /** Releases connections. Idempotent; every other call afterwards fails. */
  @Override
  void close();
}
