package dev.blobkeep.server;

import dev.blobkeep.BlobCorruptException;
import dev.blobkeep.BlobExistsException;
import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.StoreException;
import java.nio.channels.ClosedChannelException;

/** Maps library exceptions to HTTP statuses; the library's one-line message becomes the error. */
final class Failures {
  private Failures() {}

  /**
   * The error to answer for {@code e}: 404 not found, 409 exists, 400 invalid argument, 409
   * expired, 500 corrupt, 503 store unavailable. Anything unexpected is a 500 that names only its
   * type, so no internals reach the client.
   */
  static HttpError toHttp(Throwable e) {
    if (e instanceof HttpError h) {
      return h;
    }
    Throwable library = libraryCause(e);
    if (library instanceof BlobNotFoundException) {
      return new HttpError(404, library.getMessage(), e);
    }
    if (library instanceof BlobExistsException) {
      return new HttpError(409, library.getMessage(), e);
    }
    if (library instanceof InvalidArgumentException || e instanceof IllegalArgumentException) {
      return new HttpError(400, (library != null ? library : e).getMessage(), e);
    }
    if (library instanceof BlobExpiredException) {
      return new HttpError(409, library.getMessage(), e);
    }
    if (library instanceof BlobCorruptException) {
      return new HttpError(500, "stored data is corrupt: " + library.getMessage(), e);
    }
    if (library instanceof StoreException) {
      return new HttpError(503, "store unavailable: " + library.getMessage(), e);
    }
    if (library != null) {
      return new HttpError(500, library.getMessage(), e);
    }
    if (e instanceof ClosedChannelException) {
      return new HttpError(409, "the blob's channel closed while it was in use", e);
    }
    return new HttpError(500, "internal error (" + e.getClass().getSimpleName() + ")", e);
  }

  /** The first {@link BlobkeepException} in the cause chain, or null. */
  static BlobkeepException libraryCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BlobkeepException b) {
        return b;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
