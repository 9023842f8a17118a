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

  /**
   * Opens (creating if needed) the store at a file path or JDBC URL, with default options.
   *
   * @param location a file path, or a {@code jdbc:sqlite:}, {@code jdbc:postgresql:} or {@code
   *     jdbc:mariadb:} URL
   * @return the open store, which the caller closes
   * @throws StoreFormatException if the location holds something that is not a blobkeep store, or a
   *     store made by a newer version
   * @throws StoreException if the database cannot be reached
   */
  static BlobStore open(String location) {
    return open(location, StoreOptions.defaults());
  }

  /**
   * Opens (creating if needed) the store at a file path or JDBC URL.
   *
   * @param location a file path, or a {@code jdbc:sqlite:}, {@code jdbc:postgresql:} or {@code
   *     jdbc:mariadb:} URL
   * @param options the store's settings
   * @return the open store, which the caller closes
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
   *
   * @param dataSource connections to the database; not closed by the store
   * @param options the store's settings; pool size is the data source's affair
   * @return the open store, which the caller closes
   * @throws StoreException if no backend recognises the database, or it cannot be reached
   */
  static BlobStore open(DataSource dataSource, StoreOptions options) {
    return Stores.open(dataSource, options);
  }

  /** {@return the location this store was opened on, without credentials} */
  String location();

  /**
   * Runs {@code body} in one transaction: everything it does through its {@link Blobs} commits
   * together when it returns, or rolls back if it throws (rollback failures are attached as
   * suppressed exceptions).
   *
   * @param <T> the body's result
   * @param <X> the checked exception the body may throw
   * @param body the work, given the transaction's {@link Blobs}
   * @return what {@code body} returned, once committed
   * @throws X what {@code body} threw, after the rollback
   * @throws TransactionConflictException if a concurrent transaction conflicted and {@link
   *     StoreOptions#transactionRetries(int)} are spent
   */
  <T, X extends Exception> T inTransaction(TransactionBody<T, X> body) throws X;

  /**
   * As {@link #inTransaction(TransactionBody)}, without a result.
   *
   * @param <X> the checked exception the work may throw
   * @param work the work, given the transaction's {@link Blobs}
   * @throws X what {@code work} threw, after the rollback
   */
  <X extends Exception> void useTransaction(TransactionWork<X> work) throws X;

  /**
   * Store operations inside the transaction the caller holds on its own connection to the same
   * database: nothing is committed or rolled back by blobkeep; the caller does that. The connection
   * must stay open while the view is used, and is never closed by blobkeep.
   *
   * @param connection the caller's connection, in its transaction
   * @return the operations on that connection
   */
  Blobs on(Connection connection);

  /**
   * Copies this store's blobs into {@code target}, each with its id, bucket, key, content type,
   * times, version and user fields, and the buckets (empty ones too); staged blobs are not copied.
   * Content is streamed, one blob at a time, and chunks of zeros are not stored at the target, so a
   * sparse blob stays sparse. Each copied blob is read back from the target and checked against the
   * SHA-256 of the bytes read from this store (and the SHA-256 this store records, if any).
   *
   * <p>Resumable: a blob already at the target with the same id, size, version, SHA-256 and {@link
   * BlobInfo#updated()} is skipped, so running the copy again after it stopped copies only the
   * rest. A blob at the target with the same id that differs is replaced if the source's is newer
   * (a later {@code updated}); if the target's is newer it is left as is and reported as failed,
   * unless {@link CopyOptions#overwrite(boolean)}. A blob at the target under the same key with
   * another id is likewise left as is and reported, unless overwrite. A blob that fails is reported
   * and the copy goes on.
   *
   * @param target a store opened by {@link BlobStore#open}, another than this one
   * @param options which buckets, overwrite, listener; {@link CopyOptions#defaults()} for all
   * @return what was copied, skipped and why blobs failed
   * @throws InvalidArgumentException if the target is this store or not one opened by {@code open},
   *     or a bucket named in the options does not exist here
   */
  default CopyReport copyTo(BlobStore target, CopyOptions options) {
    return dev.blobkeep.internal.Copier.run(this, target, options);
  }

  /**
   * Writes a consistent copy of this SQLite store into the new file {@code file} while other
   * threads and processes go on reading and writing it (SQLite's {@code VACUUM INTO}: the copy is
   * the store as one read transaction saw it, compacted), then opens the copy read-only and
   * verifies every blob in it. Works on a store opened read-only too: the copy is written through a
   * connection of its own.
   *
   * @param file the path of the copy; must not exist
   * @return the verification of the copy; see {@link VerifyReport#ok()}
   * @throws InvalidArgumentException naming the location if this is not a SQLite store (copy it
   *     with {@link #copyTo}, or use the database's own backups), or if {@code file} exists;
   *     nothing is written
   */
  default VerifyReport backupTo(java.nio.file.Path file) {
    return dev.blobkeep.internal.Backup.run(this, file);
  }

  /**
   * The store's operations with every read on the primary: for a read that must see a write just
   * made when reads go to standbys ({@link StoreOptions#readFrom(ReadFrom)}). Without standby reads
   * it is this store itself. Reads inside {@link #inTransaction} always use the primary.
   *
   * @return the operations reading from the primary
   */
  default Blobs primary() {
    return this;
  }

  /**
   * Verifies every blob; see {@link Blobs#verify(BlobRef)}.
   *
   * @return what was checked and every problem found
   */
  VerifyReport verifyAll();

  /**
   * Removes what interrupted work left behind: uploads whose writer is gone and chunks of deleted
   * blobs. Uploads still in progress, in this or another process, are left alone. Also run when the
   * store is opened.
   *
   * @return what was removed
   */
  GcReport gc();

  /** Releases connections. Idempotent; every other call afterwards fails. */
  @Override
  void close();
}
