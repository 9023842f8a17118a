package dev.blobkeep;

/**
 * A write was asked of a store opened with {@link StoreOptions#readOnly(boolean) readOnly(true)}.
 * Nothing was changed. The message names the store and the operation; open the store writable to do
 * it.
 */
public class ReadOnlyStoreException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /**
   * A refused write.
   *
   * @param message one line naming the store and the operation
   */
  public ReadOnlyStoreException(String message) {
    super(message);
  }
}
