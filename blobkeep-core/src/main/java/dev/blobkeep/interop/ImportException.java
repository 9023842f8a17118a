package dev.blobkeep.interop;

import dev.blobkeep.BlobkeepException;

/**
 * An import could not go on: the source could not be reached, or a query on it failed (a missing
 * table or column, a {@code where} condition the source refuses, a lost connection). The one-line
 * message names the source without its password, e.g. {@code cannot connect to source
 * jdbc:postgresql://db:5432/app?user=app: Connection to db:5432 refused}. Rows imported before the
 * failure stay imported, and running the import again continues after them.
 */
public class ImportException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /**
   * An import failure.
   *
   * @param message one line naming the values involved, shown to users as it is
   */
  public ImportException(String message) {
    super(message);
  }

  /**
   * An import failure with its cause.
   *
   * @param message one line naming the values involved, shown to users as it is
   * @param cause the failure underneath, kept as the cause
   */
  public ImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
