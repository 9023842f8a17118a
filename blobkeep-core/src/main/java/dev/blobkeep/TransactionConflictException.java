package dev.blobkeep;

/**
 * A transaction run by {@link BlobStore#inTransaction} (or held by the caller, for {@link
 * BlobStore#on(java.sql.Connection)}) conflicted with a concurrent one: a PostgreSQL serialization
 * failure (SQLSTATE 40001) or deadlock (40P01), two uploads published under one bucket and key at
 * once, or an SQLite lock that stayed busy. The transaction was rolled back, so nothing it did
 * through the store is committed, and the whole transaction body may be run again; {@link
 * StoreOptions#transactionRetries(int)} makes {@code inTransaction} do that itself.
 */
public class TransactionConflictException extends StoreException {
  private static final long serialVersionUID = 1L;

  /**
   * A conflict, with the database's failure.
   *
   * @param message one line naming the values involved, shown to users as it is
   * @param cause the failure underneath, kept as the cause
   */
  public TransactionConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
