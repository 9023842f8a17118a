package dev.blobkeep.server.s3;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.BucketInfo;
import dev.blobkeep.BucketNotEmptyException;
import dev.blobkeep.BucketNotFoundException;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Page;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the S3 front end needs of the store, over the public {@link BlobStore} API: buckets that
 * exist while empty, objects with their MD5 kept as the ETag, key-ordered listings. Thread-safe.
 */
final class ObjectStore {
  final BlobStore store;

  ObjectStore(BlobStore store) {
    this.store = store;
  }

  /** A bucket and when it was created. */
  record Bucket(String name, Instant created) {}

  /** True if created now, false if it already existed. */
  boolean createBucket(String bucket) {
    return store.createBucket(bucket);
  }

  Optional<Bucket> bucket(String bucket) {
    try {
      return store.bucket(bucket).map(b -> new Bucket(b.name(), b.created()));
    } catch (InvalidArgumentException e) {
      return Optional.empty(); // a name the store cannot hold names no bucket
    }
  }

  /** Deletes an empty bucket; NoSuchBucket or BucketNotEmpty otherwise. */
  void deleteBucket(String bucket) {
    try {
      store.deleteBucket(bucket);
    } catch (BucketNotFoundException e) {
      throw S3Exception.noSuchBucket(bucket);
    } catch (BucketNotEmptyException e) {
      throw new S3Exception(
          409, "BucketNotEmpty", "The bucket you tried to delete is not empty: " + bucket);
    }
  }

  /** Every bucket, by name. */
  List<Bucket> buckets() {
    List<Bucket> all = new ArrayList<>();
    String after = null;
    while (true) {
      Page<BucketInfo> page = store.bucketInfos(after, 1000);
      for (BucketInfo b : page.items()) {
        all.add(new Bucket(b.name(), b.created()));
      }
      if (!page.hasMore() || page.items().isEmpty()) {
        break;
      }
      after = page.items().get(page.items().size() - 1).name();
    }
    return all;
  }

  /**
   * Stores an object from a checked body, with its MD5 computed by the store, or with {@code etag}
   * (a multipart ETag) kept as its entity tag.
   */
  BlobInfo put(CheckedBody body, PutOptions options, String etag) {
    return store.put(body, etag != null ? options.etag(etag) : options.computeMd5());
  }

  /** The S3 ETag of an object, without quotes: the kept tag, else the MD5, else the store's tag. */
  static String etag(BlobInfo info) {
    if (info.storedEtag() != null) {
      return info.storedEtag();
    }
    return info.md5() != null ? info.md5() : info.etag();
  }

  /** The user fields a client sees. */
  static Map<String, Object> userMeta(BlobInfo info) {
    return info.meta() == null ? Map.of() : info.meta();
  }

  /**
   * One page of a bucket's objects in UTF-8 binary key order, read by the store from its key index:
   * at most {@code limit} keys under {@code prefix} from {@code from} ({@code inclusive} or not;
   * null for the first key).
   */
  Page<BlobInfo> keys(String bucket, String prefix, String from, boolean inclusive, int limit) {
    Query q =
        Query.bucket(bucket)
            .prefix(prefix == null || prefix.isEmpty() ? null : prefix)
            .fields("key", "size", "updated", "created", "sha256", "content_type")
            .limit(limit);
    return store.list(inclusive ? q.startAt(from) : q.startAfter(from));
  }

  /** A stream of the object's bytes from {@code offset}, {@code length} long. */
  InputStream open(BlobRef ref, long offset, long length) {
    return store.openStream(ref, offset, length);
  }
}
