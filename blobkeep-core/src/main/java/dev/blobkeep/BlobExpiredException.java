package dev.blobkeep;

/**
 * The blob under an open channel or stream was deleted, replaced or changed by someone else while
 * it was open (SQLite's "expired" blob handle). The message says which blob and what happened.
 */
public class BlobExpiredException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /**
   * A blob changed under a reader or writer.
   *
   * @param message one line naming the blob and what happened
   */
  public BlobExpiredException(String message) {
    super(message);
  }
}
