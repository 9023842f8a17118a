package dev.blobkeep;

/**
 * The backing database failed or refused: unreachable server, wrong credentials, missing
 * privileges, a full disk, a lost connection. The message names the store and what to do; the
 * operation that failed changed nothing.
 */
public class StoreException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure of the store.
   *
   * @param message one line naming the values involved, shown to users as it is
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * A failure of the store with its cause, typically an {@link java.sql.SQLException}.
   *
   * @param message one line naming the values involved, shown to users as it is
   * @param cause the failure underneath, kept as the cause
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
