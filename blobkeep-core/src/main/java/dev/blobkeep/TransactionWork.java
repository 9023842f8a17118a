package dev.blobkeep;

/**
 * Work without a result, for {@link BlobStore#useTransaction(TransactionWork)}.
 *
 * @param <X> a checked exception it may throw, which rolls the transaction back
 */
@FunctionalInterface
public interface TransactionWork<X extends Exception> {
  /**
   * Does the work.
   *
   * @param tx the store's operations inside the transaction; not to be used after this returns
   * @throws X to roll the transaction back
   */
  void run(Blobs tx) throws X;
}
