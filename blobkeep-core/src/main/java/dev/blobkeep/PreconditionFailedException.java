package dev.blobkeep;

/**
 * A write was made conditional on the blob's entity tag ({@link BlobInfo#etag()}) and the blob
 * found in the writing transaction has another one, or none: someone else changed, replaced or
 * removed it since the caller looked. Nothing was changed.
 */
public class PreconditionFailedException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /** The blob as the caller named it. */
  private final String blob;

  /** The entity tag the write required. */
  private final String expected;

  /** The blob's entity tag when the write was refused, or null. */
  private final String current;

  /**
   * @param blob the blob as the caller named it (id, or bucket/key)
   * @param expected the entity tag the write required
   * @param current the blob's entity tag now, or null if there is no such blob
   */
  public PreconditionFailedException(String blob, String expected, String current) {
    super(
        "blob "
            + blob
            + (current == null ? " does not exist" : " has ETag " + current)
            + ", not the expected "
            + expected
            + "; nothing was changed");
    this.blob = blob;
    this.expected = expected;
    this.current = current;
  }

  /** {@return the blob as the caller named it} */
  public String blob() {
    return blob;
  }

  /** {@return the entity tag the write required} */
  public String expected() {
    return expected;
  }

  /**
   * {@return the blob's entity tag when the write was refused, or null if there was no such blob}
   */
  public String current() {
    return current;
  }
}
