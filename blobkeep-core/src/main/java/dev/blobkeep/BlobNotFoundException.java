package dev.blobkeep;

/** No visible blob matches the reference: an unknown id, or no blob under that bucket and key. */
public class BlobNotFoundException extends BlobkeepException {
  private static final long serialVersionUID = 1L;
  private final BlobRef ref;

  public BlobNotFoundException(BlobRef ref) {
    super("no blob " + ref.describe());
    this.ref = ref;
  }

  /** The reference that matched nothing. */
  public BlobRef ref() {
    return ref;
  }
}
