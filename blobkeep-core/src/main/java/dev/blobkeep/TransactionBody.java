package dev.blobkeep;

/**
 * The work done inside {@link BlobStore#inTransaction(TransactionBody)}.
 *
 * @param <T> what the work returns
 * @param <X> a checked exception it may throw, which rolls the transaction back
 */
@FunctionalInterface
public interface TransactionBody<T, X extends Exception> {
  T run(Blobs tx) throws X;
}
