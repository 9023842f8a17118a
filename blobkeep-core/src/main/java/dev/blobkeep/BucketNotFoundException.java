package dev.blobkeep;

/** The named bucket does not exist: it was never created, or was deleted. */
public class BucketNotFoundException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /** The bucket that does not exist. */
  private final String bucket;

  /**
   * @param bucket the bucket that does not exist
   */
  public BucketNotFoundException(String bucket) {
    super("no bucket " + bucket);
    this.bucket = bucket;
  }

  /** {@return the bucket that does not exist} */
  public String bucket() {
    return bucket;
  }
}
