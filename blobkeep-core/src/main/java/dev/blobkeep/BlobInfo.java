package dev.blobkeep;

import java.time.Instant;
import java.util.Map;

/**
 * What the store knows about a blob, without its content. Immutable.
 *
 * <p>From {@link Blobs#info(BlobRef)} every field is set. From {@link Blobs#list(Query)} only the
 * fields the query asked for are set (the others are null, and {@code size} is -1); {@code meta}
 * then holds only the user fields asked for.
 *
 * @param id the blob's id, a UUIDv7 in canonical lower-case form
 * @param bucket the namespace, {@code default} unless given
 * @param key the key unique within the bucket, or null
 * @param size the length in bytes
 * @param contentType a MIME type, {@code application/octet-stream} unless given
 * @param sha256 lower-case hex SHA-256 of the content, or null while it is stale: a blob allocated
 *     or written in place has none until {@link Blobs#verify(BlobRef)} recomputes it ({@link
 *     Blobs#info(BlobRef)} never reads content to make one)
 * @param created when the blob was stored
 * @param updated when its content or user fields last changed
 * @param meta the user fields, a JSON object as an unmodifiable map
 * @param version the content version: 0 for a blob stored by a whole-blob put, 1 from {@link
 *     Blobs#allocate}, and one more for every in-place write or resize since; -1 in listings that
 *     did not ask for {@code sha256}
 * @param md5 lower-case hex MD5 of the content, kept when it was stored with {@link
 *     PutOptions#computeMd5()}; null otherwise, and once the content is written in place
 * @param storedEtag the entity tag kept with the blob: {@link PutOptions#etag(String)}, else the
 *     MD5 from {@link PutOptions#computeMd5()}; null otherwise, and once the content is written in
 *     place. Unlike {@link #etag()} it is not made by the store: it is what the writer asked to
 *     keep (S3's ETag)
 */
public record BlobInfo(
    String id,
    String bucket,
    String key,
    long size,
    String contentType,
    String sha256,
    Instant created,
    Instant updated,
    Map<String, Object> meta,
    long version,
    String md5,
    String storedEtag) {

  /** Prefix of the entity tags made from id and version, which no SHA-256 hex begins with. */
  private static final String VERSION_TAG = "v";

  /** {@return a reference to this blob by id} */
  public BlobRef ref() {
    return BlobRef.id(id);
  }

  /**
   * A strong entity tag of the content, without quotes, cheap to compute (never reads content): the
   * SHA-256 for a blob stored by a whole-blob put ({@code version} 0), else {@code v<version>-<id>}
   * for a blob allocated or written in place. It changes whenever the content changes, and stays
   * the same when {@link Blobs#verify(BlobRef)} later recomputes a stale SHA-256. Compare it with
   * {@link PutOptions#ifMatch(String)}, {@link Blobs#delete(BlobRef, String)} and {@link
   * Blobs#open(BlobRef, OpenMode, String)}, which check it in the transaction that writes.
   *
   * @return the tag, or null in a listing that did not ask for {@code sha256}
   */
  public String etag() {
    if (version < 0) {
      return null;
    }
    if (version == 0 && sha256 != null) {
      return sha256;
    }
    return VERSION_TAG + version + "-" + id;
  }

  /**
   * One user field, or null if absent.
   *
   * @param field the user field's name
   * @return its value: a string, number, boolean or null; null also if absent
   */
  public Object meta(String field) {
    return meta == null ? null : meta.get(field);
  }
}
