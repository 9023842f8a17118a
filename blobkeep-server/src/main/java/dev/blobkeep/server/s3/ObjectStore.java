package dev.blobkeep.server.s3;

import dev.blobkeep.BlobExistsException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.Page;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the S3 front end needs of the store, over the public {@link BlobStore} API: buckets that
 * exist while empty, objects with their MD5, key-ordered listings. Until the store keeps buckets
 * and MD5s itself, an empty bucket is a marker blob and the MD5 a hidden user field, both in the
 * bucket {@value #SYSTEM_BUCKET} (a name S3 does not allow, so no S3 bucket meets it). Thread-safe.
 */
final class ObjectStore {
  static final String SYSTEM_BUCKET = "_s3";
  static final String MD5_FIELD = "s3-etag";
  private static final String MARKER = "bucket/";

  /** UTF-8 binary order, the order S3 lists keys in. */
  static final Comparator<String> KEY_ORDER = (a, b) -> Arrays.compareUnsigned(utf8(a), utf8(b));

  final BlobStore store;

  ObjectStore(BlobStore store) {
    this.store = store;
  }

  /** A bucket and when it was first seen. */
  record Bucket(String name, Instant created) {}

  /** True if created now, false if it already existed. */
  boolean createBucket(String bucket) {
    boolean exists = bucket(bucket).isPresent();
    try {
      store.put(new byte[0], PutOptions.at(SYSTEM_BUCKET, MARKER + bucket).ifAbsent());
    } catch (BlobExistsException e) {
      return false;
    }
    return !exists;
  }

  Optional<Bucket> bucket(String bucket) {
    try {
      BlobInfo marker = store.info(BlobRef.key(SYSTEM_BUCKET, MARKER + bucket));
      return Optional.of(new Bucket(bucket, marker.created()));
    } catch (BlobNotFoundException e) {
      Page<BlobInfo> one = store.list(Query.bucket(bucket).fields("created").limit(1));
      return one.items().isEmpty()
          ? Optional.empty()
          : Optional.of(new Bucket(bucket, one.items().get(0).created()));
    }
  }

  /** Deletes an empty bucket; NoSuchBucket or BucketNotEmpty otherwise. */
  void deleteBucket(String bucket) {
    if (bucket(bucket).isEmpty()) {
      throw S3Exception.noSuchBucket(bucket);
    }
    if (!store.list(Query.bucket(bucket).fields("id").limit(1)).items().isEmpty()) {
      throw new S3Exception(
          409, "BucketNotEmpty", "The bucket you tried to delete is not empty: " + bucket);
    }
    try {
      store.delete(BlobRef.key(SYSTEM_BUCKET, MARKER + bucket));
    } catch (BlobNotFoundException e) {
      // It existed through its objects only.
    }
  }

  /** Every bucket, by name. */
  List<Bucket> buckets() {
    TreeMap<String, Bucket> all = new TreeMap<>();
    for (BlobInfo m : keys(SYSTEM_BUCKET, MARKER)) {
      String name = m.key().substring(MARKER.length());
      all.put(name, new Bucket(name, m.created()));
    }
    String after = null;
    while (true) {
      Page<String> page = store.buckets(after, 1000);
      for (String b : page.items()) {
        if (!b.equals(SYSTEM_BUCKET) && !all.containsKey(b)) {
          all.put(b, bucket(b).orElse(new Bucket(b, Instant.EPOCH)));
        }
      }
      if (!page.hasMore()) {
        break;
      }
      after = page.nextCursor();
    }
    return new ArrayList<>(all.values());
  }

  /**
   * Stores an object from a checked body and records its MD5 (or the given multipart ETag).
   *
   * @return the stored object
   */
  BlobInfo put(CheckedBody body, PutOptions options, String etag) {
    BlobInfo info = store.put(body, options);
    String tag = etag != null ? etag : body.md5Hex();
    return store.updateMeta(info.ref(), Map.of(MD5_FIELD, tag), List.of());
  }

  /** The S3 ETag of an object, without quotes. */
  static String etag(BlobInfo info) {
    Object md5 = info.meta(MD5_FIELD);
    return md5 instanceof String s ? s : info.etag();
  }

  /** The user fields a client sees, without the hidden ones. */
  static Map<String, Object> userMeta(BlobInfo info) {
    if (info.meta() == null || !info.meta().containsKey(MD5_FIELD)) {
      return info.meta() == null ? Map.of() : info.meta();
    }
    Map<String, Object> m = new TreeMap<>(info.meta());
    m.remove(MD5_FIELD);
    return m;
  }

  /**
   * Every object of a bucket whose key starts with {@code prefix}, in UTF-8 binary key order. Reads
   * the whole prefix: the store lists in creation order, so S3's key order is made here.
   */
  List<BlobInfo> keys(String bucket, String prefix) {
    List<BlobInfo> out = new ArrayList<>();
    Query q =
        Query.bucket(bucket)
            .prefix(prefix == null || prefix.isEmpty() ? null : prefix)
            .fields("key", "size", "updated", "created", "sha256", "content_type", MD5_FIELD)
            .limit(Query.MAX_LIMIT);
    while (true) {
      Page<BlobInfo> page = store.list(q);
      for (BlobInfo b : page.items()) {
        if (b.key() != null) {
          out.add(b);
        }
      }
      if (!page.hasMore()) {
        break;
      }
      q = q.after(page.nextCursor());
    }
    out.sort((a, b) -> KEY_ORDER.compare(a.key(), b.key()));
    return out;
  }

  /** A stream of the object's bytes from {@code offset}, {@code length} long. */
  InputStream open(BlobRef ref, long offset, long length) {
    return store.openStream(ref, offset, length);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
