package dev.blobkeep;

/**
 * Root of every exception the blobkeep library throws (channels and streams keep {@link
 * java.io.IOException} as their contract requires, with one of these as the cause).
 *
 * <p>Messages are one line and name the values involved (blob id, offset, length, size, store
 * location) so they can be shown to a user as they are.
 */
public class BlobkeepException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure.
   *
   * @param message one line naming the values involved, shown to users as it is
   */
  public BlobkeepException(String message) {
    super(message);
  }

  /**
   * A failure with its cause.
   *
   * @param message one line naming the values involved, shown to users as it is
   * @param cause the failure underneath, kept as the cause
   */
  public BlobkeepException(String message, Throwable cause) {
    super(message, cause);
  }
}
