package dev.blobkeep.spring;

/**
 * Told about every operation of a {@link TransactionAwareBlobStore}: how long it took, whether it
 * failed, and the bytes it moved. The starter registers one that records Micrometer metrics when
 * Micrometer is on the class path; an application may define its own bean instead. Implementations
 * must be thread-safe and fast, and must not throw.
 */
public interface BlobStoreObserver {

  /** An observer that records nothing. */
  BlobStoreObserver NONE =
      new BlobStoreObserver() {
        @Override
        public void completed(String operation, long nanos, Throwable failure) {}

        @Override
        public void bytesWritten(long bytes) {}

        @Override
        public void bytesRead(long bytes) {}
      };

  /**
   * An operation ended.
   *
   * @param operation the {@code Blobs} method's name ({@code put}, {@code get}, {@code list}, ...)
   * @param nanos how long it took
   * @param failure what it threw, or null if it succeeded
   */
  void completed(String operation, long nanos, Throwable failure);

  /**
   * {@code bytes} of blob content were stored.
   *
   * @param bytes how many, 0 or more
   */
  void bytesWritten(long bytes);

  /**
   * {@code bytes} of blob content were read.
   *
   * @param bytes how many, 0 or more
   */
  void bytesRead(long bytes);
}
