package dev.blobkeep;

import dev.blobkeep.internal.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where and how a new blob is stored: bucket, optional key, content type, user fields, and whether
 * an existing blob under the same key may be replaced. Immutable; every {@code with}-style method
 * returns a copy.
 *
 * <pre>{@code
 * store.put(path, PutOptions.at("drawings", "bolt.png").contentType("image/png").meta("owner", "ann"));
 * }</pre>
 */
public final class PutOptions {
  static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
  private static final int MAX_ETAG = 1024;
  private static final PutOptions DEFAULTS = new PutOptions(new Draft());

  private final String bucket;
  private final String key;
  private final String contentType;
  private final Map<String, Object> meta;
  private final boolean ifAbsent;
  private final String ifMatch;
  private final boolean computeMd5;
  private final String etag;
  private final int chunkSize;
  private final boolean skipSha256;

  private PutOptions(Draft draft) {
    this.bucket = draft.bucket;
    this.key = draft.key;
    this.contentType = draft.contentType;
    this.meta = draft.meta;
    this.ifAbsent = draft.ifAbsent;
    this.ifMatch = draft.ifMatch;
    this.computeMd5 = draft.computeMd5;
    this.etag = draft.etag;
    this.chunkSize = draft.chunkSize;
    this.skipSha256 = draft.skipSha256;
  }

  /** The settings of a copy being made: each wither changes only the ones it names. */
  private static final class Draft {
    String bucket = Names.DEFAULT_BUCKET;
    String key;
    String contentType;
    Map<String, Object> meta = Map.of();
    boolean ifAbsent;
    String ifMatch;
    boolean computeMd5;
    String etag;
    int chunkSize;
    boolean skipSha256;

    Draft() {}

    Draft(PutOptions from) {
      bucket = from.bucket;
      key = from.key;
      contentType = from.contentType;
      meta = from.meta;
      ifAbsent = from.ifAbsent;
      ifMatch = from.ifMatch;
      computeMd5 = from.computeMd5;
      etag = from.etag;
      chunkSize = from.chunkSize;
      skipSha256 = from.skipSha256;
    }
  }

  /** {@return a copy of these options, with what {@code change} sets on it} */
  private PutOptions with(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return new PutOptions(draft);
  }

  /**
   * {@return the defaults}: bucket {@code default}, no key, {@code application/octet-stream}, no
   * user fields, no condition.
   */
  public static PutOptions defaults() {
    return DEFAULTS;
  }

  /**
   * {@return the defaults, in the given bucket}
   *
   * @param bucket the bucket's name
   * @throws InvalidArgumentException if the name is not a valid bucket name
   */
  public static PutOptions in(String bucket) {
    return DEFAULTS.bucket(bucket);
  }

  /**
   * {@return the defaults, under the given bucket and key}
   *
   * @param bucket the bucket's name
   * @param key the key, unique within the bucket
   * @throws InvalidArgumentException if the bucket name or the key is not valid
   */
  public static PutOptions at(String bucket, String key) {
    return DEFAULTS.bucket(bucket).key(key);
  }

  /**
   * The bucket the blob goes into (default {@code default}), created with the blob if it does not
   * exist.
   *
   * @param bucket the bucket's name
   * @return a copy of these options with the change
   * @throws InvalidArgumentException if the name is not a valid bucket name
   */
  public PutOptions bucket(String bucket) {
    String checked = Names.checkBucket(bucket);
    return with(d -> d.bucket = checked);
  }

  /**
   * The key, unique within the bucket; null for none.
   *
   * @param key the key, or null
   * @return a copy of these options with the change
   * @throws InvalidArgumentException if the key is not valid
   */
  public PutOptions key(String key) {
    String checked = key == null ? null : Names.checkKey(key);
    return with(d -> d.key = checked);
  }

  /**
   * A MIME type such as {@code image/png}; null restores the default.
   *
   * @param contentType the MIME type, or null
   * @return a copy of these options with the change
   * @throws InvalidArgumentException if it is not a valid MIME type
   */
  public PutOptions contentType(String contentType) {
    String checked = ContentTypes.check(contentType);
    return with(d -> d.contentType = checked);
  }

  /**
   * Replaces all user fields with a copy of {@code fields} (a JSON object's members).
   *
   * @param fields field names and scalar values
   * @return a copy of these options with the change
   * @throws InvalidArgumentException naming a field whose name or value is invalid
   */
  public PutOptions meta(Map<String, ?> fields) {
    Map<String, Object> checked = Json.checkFields(fields);
    return with(d -> d.meta = checked);
  }

  /**
   * Adds or replaces one user field.
   *
   * @param field the field's name
   * @param value its value: a string, number, boolean or null
   * @return a copy of these options with the change
   * @throws InvalidArgumentException if the name or the value is invalid
   */
  public PutOptions meta(String field, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(meta);
    copy.put(field, value);
    return meta(copy);
  }

  /**
   * Replaces all user fields with those of a JSON object given as text.
   *
   * @param json a JSON object, as text
   * @return a copy of these options with the change
   * @throws InvalidArgumentException if the text is not a JSON object
   */
  public PutOptions metaJson(String json) {
    return meta(Json.parseObject(json));
  }

  /**
   * Refuse with {@link BlobExistsException} instead of replacing a blob under the same key.
   * Replaces an earlier {@link #ifMatch(String)}.
   *
   * @return a copy of these options with the change
   */
  public PutOptions ifAbsent() {
    return with(
        d -> {
          d.ifAbsent = true;
          d.ifMatch = null;
        });
  }

  /**
   * Replace only the blob whose entity tag ({@link BlobInfo#etag()}) is {@code etag}: the put fails
   * with {@link PreconditionFailedException}, storing nothing, unless the blob under the key in the
   * transaction that publishes the new one has that tag. The put then needs a key. Replaces an
   * earlier {@link #ifAbsent()}.
   *
   * @param etag the entity tag the replaced blob must have
   * @return a copy of these options with the change
   * @throws InvalidArgumentException if {@code etag} is null or empty
   */
  public PutOptions ifMatch(String etag) {
    if (etag == null || etag.isEmpty()) {
      throw new InvalidArgumentException("ifMatch needs an entity tag, got " + etag);
    }
    return with(
        d -> {
          d.ifAbsent = false;
          d.ifMatch = etag;
        });
  }

  /**
   * Compute the MD5 of the content while it is stored, and keep it with the blob ({@link
   * BlobInfo#md5()}), committed with it. Unless {@link #etag(String)} names another, it is also the
   * blob's stored entity tag ({@link BlobInfo#storedEtag()}). Costs one more digest of every byte
   * stored. An allocated blob gets no MD5.
   *
   * @return a copy of these options with the change
   */
  public PutOptions computeMd5() {
    return with(d -> d.computeMd5 = true);
  }

  /**
   * An entity tag to keep with the blob, as given ({@link BlobInfo#storedEtag()}): for example the
   * S3 multipart form {@code <md5 of the part MD5s>-<parts>}. Null removes it.
   *
   * @param etag the entity tag to keep, or null
   * @return a copy of these options with the change
   * @throws InvalidArgumentException if {@code etag} is empty or longer than 1024 characters
   */
  public PutOptions etag(String etag) {
    if (etag != null && (etag.isEmpty() || etag.length() > MAX_ETAG)) {
      throw new InvalidArgumentException(
          "etag must be 1 to " + MAX_ETAG + " characters, got " + etag.length());
    }
    return with(d -> d.etag = etag);
  }

  /**
   * Store the content without computing its SHA-256, which saves one digest of every byte stored:
   * for content whose SHA-256 would not be kept anyway, such as S3 parts that a {@link
   * Blobs#compose} of several consumes (the composed blob's SHA-256 is stale). The blob's {@link
   * BlobInfo#sha256()} is null (stale) until {@link Blobs#verify(BlobRef)} computes it; its {@link
   * BlobInfo#etag()} is made from id and version (version 1), as an allocated blob's is, so that it
   * stays the same when verify does. Every chunk's CRC32C is computed and checked as always.
   *
   * @return a copy of these options with the change
   */
  public PutOptions skipSha256() {
    return with(d -> d.skipSha256 = true);
  }

  /** {@return true if the content's SHA-256 is not computed ({@link #skipSha256()})} */
  public boolean isSkipSha256() {
    return skipSha256;
  }

  /**
   * {@return true if the MD5 of the content is to be computed and stored} ({@link #computeMd5()})
   */
  public boolean isComputeMd5() {
    return computeMd5;
  }

  /** {@return the entity tag to store with the blob ({@link #etag(String)}), or null} */
  public String etag() {
    return etag;
  }

  /**
   * Bytes per stored chunk of this blob, instead of the store's {@link StoreOptions#chunkSize}:
   * small chunks (4-16 KiB) make random in-place reads and writes through a {@link BlobChannel}
   * fetch and check less per call; large ones make whole-blob transfers faster. Fixed for the
   * blob's life.
   *
   * @param bytes bytes per chunk
   * @return a copy of these options with the change
   * @throws InvalidArgumentException unless {@value StoreOptions#MIN_CHUNK_SIZE} to {@value
   *     StoreOptions#MAX_CHUNK_SIZE}
   */
  public PutOptions chunkSize(int bytes) {
    if (bytes < StoreOptions.MIN_CHUNK_SIZE || bytes > StoreOptions.MAX_CHUNK_SIZE) {
      throw new InvalidArgumentException(
          "chunkSize must be "
              + StoreOptions.MIN_CHUNK_SIZE
              + " to "
              + StoreOptions.MAX_CHUNK_SIZE
              + " bytes, got "
              + bytes);
    }
    return with(d -> d.chunkSize = bytes);
  }

  /** {@return the chunk size given with {@link #chunkSize(int)}, or 0 for the store's} */
  public int chunkSize() {
    return chunkSize;
  }

  /** {@return the bucket the blob goes into}; never null */
  public String bucket() {
    return bucket;
  }

  /** {@return the key, or null} */
  public String key() {
    return key;
  }

  /** {@return the content type}; never null */
  public String contentType() {
    return contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
  }

  /** {@return the user fields}, unmodifiable */
  public Map<String, Object> meta() {
    return Collections.unmodifiableMap(meta);
  }

  /**
   * True if a content type was given; without one, {@link Blobs#put(java.nio.file.Path,
   * PutOptions)} guesses it ({@link ContentTypes#guess}) and other puts store {@link
   * #contentType()}'s default.
   *
   * @return true if a content type was given
   */
  public boolean hasContentType() {
    return contentType != null;
  }

  /**
   * {@return true if the put refuses to replace a blob under the same key} ({@link #ifAbsent()})
   */
  public boolean isIfAbsent() {
    return ifAbsent;
  }

  /** {@return the entity tag the replaced blob must have ({@link #ifMatch(String)}), or null} */
  public String ifMatch() {
    return ifMatch;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PutOptions p
        && bucket.equals(p.bucket)
        && Objects.equals(key, p.key)
        && Objects.equals(contentType, p.contentType)
        && meta.equals(p.meta)
        && ifAbsent == p.ifAbsent
        && Objects.equals(ifMatch, p.ifMatch)
        && computeMd5 == p.computeMd5
        && Objects.equals(etag, p.etag)
        && chunkSize == p.chunkSize
        && skipSha256 == p.skipSha256;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        bucket,
        key,
        contentType,
        meta,
        ifAbsent,
        ifMatch,
        computeMd5,
        this.etag,
        chunkSize,
        skipSha256);
  }

  @Override
  public String toString() {
    return "PutOptions{bucket="
        + bucket
        + ", key="
        + key
        + ", contentType="
        + contentType()
        + ", meta="
        + meta
        + (ifAbsent ? ", ifAbsent" : "")
        + (ifMatch != null ? ", ifMatch=" + ifMatch : "")
        + (computeMd5 ? ", computeMd5" : "")
        + (etag != null ? ", etag=" + etag : "")
        + (chunkSize != 0 ? ", chunkSize=" + chunkSize : "")
        + (skipSha256 ? ", skipSha256" : "")
        + "}";
  }
}
