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
 * @param sha256 lower-case hex SHA-256 of the content; null only in listings of blobs written in
 *     place since it was last computed ({@link Blobs#info(BlobRef)} computes it)
 * @param created when the blob was stored
 * @param updated when its content or user fields last changed
 * @param meta the user fields, a JSON object as an unmodifiable map
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
    Map<String, Object> meta) {

  /** A reference to this blob by id. */
  public BlobRef ref() {
    return BlobRef.id(id);
  }

  /** One user field, or null if absent. */
  public Object meta(String field) {
    return meta == null ? null : meta.get(field);
  }
}
