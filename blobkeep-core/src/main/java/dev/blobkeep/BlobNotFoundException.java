package dev.blobkeep;

/** No visible blob matches the reference: an unknown id, or no blob under that bucket and key. */
public class BlobNotFoundException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /** The reference that matched nothing. */
  private final BlobRef ref;

  /**
   * An exception whose message is {@code no blob } and the reference described.
   *
   * @param ref the reference that matched nothing
   */
  public BlobNotFoundException(BlobRef ref) {
    super("no blob " + ref.describe());
    this.ref = ref;
  }

  /** {@return the reference that matched nothing} */
  public BlobRef ref() {
    return ref;
  }
}
