package dev.blobkeep;

/**
 * A put or allocate with {@link PutOptions#ifAbsent()} found a blob already under that bucket and
 * key. The existing blob is unchanged and nothing new was stored.
 */
public class BlobExistsException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception naming the taken key and the blob that holds it.
   *
   * @param bucket the bucket
   * @param key the key that is taken
   * @param existingId the id of the blob under it
   */
  public BlobExistsException(String bucket, String key, String existingId) {
    super("blob " + bucket + "/" + key + " already exists (id " + existingId + ")");
  }
}
