package dev.blobkeep;

/**
 * The work done inside {@link BlobStore#inTransaction(TransactionBody)}.
 *
 * @param <T> what the work returns
 * @param <X> a checked exception it may throw, which rolls the transaction back
 */
@FunctionalInterface
public interface TransactionBody<T, X extends Exception> {
  /**
   * Does the work.
   *
   * @param tx the store's operations inside the transaction; not to be used after this returns
   * @return the result {@code inTransaction} returns once the transaction commits
   * @throws X to roll the transaction back
   */
  T run(Blobs tx) throws X;
}
