package dev.blobkeep;

/**
 * A caller passed a value the store cannot accept: a negative size, an offset past the end, an
 * empty bucket name, user fields that are not a JSON object. Nothing was changed.
 */
public class InvalidArgumentException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /**
   * A refused value.
   *
   * @param message one line naming the value and what it must be
   */
  public InvalidArgumentException(String message) {
    super(message);
  }
}
