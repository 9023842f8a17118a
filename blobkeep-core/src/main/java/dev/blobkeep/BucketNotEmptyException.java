package dev.blobkeep;

/**
 * A bucket was to be deleted while it still holds a blob: a visible one, an upload in progress or a
 * staged blob. Nothing was changed.
 */
public class BucketNotEmptyException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /** The bucket that was to be deleted. */
  private final String bucket;

  /** The id of one blob the bucket still holds. */
  private final String blobId;

  /**
   * @param bucket the bucket that was to be deleted
   * @param blobId one blob it still holds
   */
  public BucketNotEmptyException(String bucket, String blobId) {
    super("bucket " + bucket + " is not empty (it holds blob " + blobId + "); nothing was deleted");
    this.bucket = bucket;
    this.blobId = blobId;
  }

  /** {@return the bucket that was to be deleted} */
  public String bucket() {
    return bucket;
  }

  /** {@return the id of one blob the bucket still holds} */
  public String blobId() {
    return blobId;
  }
}
