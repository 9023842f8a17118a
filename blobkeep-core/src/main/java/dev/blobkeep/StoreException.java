package dev.blobkeep;

/**
 * The backing database failed or refused: unreachable server, wrong credentials, missing
 * privileges, a full disk, a lost connection. The message names the store and what to do; the
 * operation that failed changed nothing.
 */
public class StoreException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
