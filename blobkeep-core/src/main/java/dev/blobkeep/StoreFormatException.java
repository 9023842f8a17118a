package dev.blobkeep;

/**
 * The location holds something blobkeep cannot open: a file that is not a database, or a store
 * whose schema was made by a newer blobkeep version. Nothing in it was changed.
 */
public class StoreFormatException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /**
   * A location blobkeep cannot open.
   *
   * @param message one line naming the values involved, shown to users as it is
   */
  public StoreFormatException(String message) {
    super(message);
  }
}
