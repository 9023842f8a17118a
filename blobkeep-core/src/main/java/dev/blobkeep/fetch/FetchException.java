package dev.blobkeep.fetch;

import dev.blobkeep.BlobkeepException;

/**
 * A URL could not be fetched, or was refused: a non-2xx answer, a disallowed scheme or address, too
 * many redirects, a timeout, a body over the size limit, a connection lost mid-body. The one-line
 * message names the request and the problem, e.g. {@code GET http://x/y answered 404 Not Found}.
 * Nothing was stored.
 */
public class FetchException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  public FetchException(String message) {
    super(message);
  }

  public FetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
