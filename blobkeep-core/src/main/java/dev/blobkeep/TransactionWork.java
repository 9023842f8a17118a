package dev.blobkeep;

/**
 * Work without a result, for {@link BlobStore#useTransaction(TransactionWork)}.
 *
 * @param <X> a checked exception it may throw, which rolls the transaction back
 */
@FunctionalInterface
public interface TransactionWork<X extends Exception> {
  void run(Blobs tx) throws X;
}
