package dev.blobkeep;

import java.util.Objects;

/**
 * Names one blob: by id, or by bucket and key. Immutable and validated on creation.
 *
 * <p>The text form, accepted by {@link #parse(String)} and used by the CLI and server, is either an
 * id ({@code 0190f1c2-...}) or {@code BUCKET/KEY}, split at the first {@code /}: {@code
 * photos/2024/cat.png} is bucket {@code photos}, key {@code 2024/cat.png}.
 */
public final class BlobRef {
  private final String id;
  private final String bucket;
  private final String key;

  private BlobRef(String id, String bucket, String key) {
    this.id = id;
    this.bucket = bucket;
    this.key = key;
  }

  /**
   * {@return a reference by id}
   *
   * @param id the blob's id, a UUID as text
   * @throws InvalidArgumentException naming the text if {@code id} is not a UUID
   */
  public static BlobRef id(String id) {
    return new BlobRef(Names.checkId(id), null, null);
  }

  /**
   * {@return a reference by bucket and key}
   *
   * @param bucket the bucket's name
   * @param key the key within the bucket
   * @throws InvalidArgumentException if the bucket name or the key is not valid
   */
  public static BlobRef key(String bucket, String key) {
    return new BlobRef(null, Names.checkBucket(bucket), Names.checkKey(key));
  }

  /**
   * Parses an id or {@code BUCKET/KEY}.
   *
   * @param text an id, or {@code BUCKET/KEY}
   * @return the reference
   * @throws InvalidArgumentException naming the text if it is neither
   */
  public static BlobRef parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidArgumentException("blob reference is empty (expected an id or BUCKET/KEY)");
    }
    if (Names.looksLikeUuid(text)) {
      return id(text);
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new InvalidArgumentException(
          "blob reference " + Names.quote(text) + " is neither an id nor BUCKET/KEY");
    }
    return key(text.substring(0, slash), text.substring(slash + 1));
  }

  /** {@return true if this reference names a blob by id} */
  public boolean isId() {
    return id != null;
  }

  /** {@return the id, or null for a bucket/key reference} */
  public String id() {
    return id;
  }

  /** {@return the bucket, or null for an id reference} */
  public String bucket() {
    return bucket;
  }

  /** {@return the key, or null for an id reference} */
  public String key() {
    return key;
  }

  /** {@return a phrase for messages}: {@code "with id X"} or {@code "photos/cat.png"}. */
  public String describe() {
    return isId() ? "with id " + id : bucket + "/" + key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlobRef r
        && Objects.equals(id, r.id)
        && Objects.equals(bucket, r.bucket)
        && Objects.equals(key, r.key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, bucket, key);
  }

  /** The text form that {@link #parse(String)} reads back. */
  @Override
  public String toString() {
    return isId() ? id : bucket + "/" + key;
  }
}
