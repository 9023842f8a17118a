package dev.blobkeep.server;

import dev.blobkeep.BlobExistsException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Whole-blob writes: PUT under a key (with {@code If-None-Match: *} and {@code If-Match} guards),
 * POST of a raw body under a key the server makes, and DELETE. Bodies are streamed into the store,
 * which stages them in short transactions and publishes the blob only when every byte arrived.
 */
final class BlobWrites {
  private BlobWrites() {}

  /** PUT /b/{bucket}/{key}: 201 for a new blob, 200 for a replaced one. */
  static void put(Exchange ex, BlobStore store, String bucket, String key) throws IOException {
    BlobRef ref = BlobRef.key(bucket, key);
    BlobInfo current = infoOrNull(store, ref);
    if (Preconditions.evaluate(ex, current) != Preconditions.Outcome.PROCEED) {
      throw preconditionFailed(ref, current);
    }
    PutOptions options = options(ex, bucket).key(key);
    String ifNoneMatch = ex.header("If-None-Match");
    if (ifNoneMatch != null && ifNoneMatch.strip().equals("*")) {
      options = options.ifAbsent();
    }
    BlobInfo info;
    try {
      info = store.put(ex.body(), options);
    } catch (BlobExistsException e) {
      throw new HttpError(412, "precondition failed: " + e.getMessage(), e);
    }
    answer(ex, current == null ? 201 : 200, info);
  }

  /** POST /b/{bucket} with a raw body: stored under a new random key; 201. */
  static void post(Exchange ex, BlobStore store, String bucket) throws IOException {
    BlobInfo info = store.put(ex.body(), options(ex, bucket).key(newKey()).ifAbsent());
    answer(ex, 201, info);
  }

  /** DELETE of a blob whose grant was checked; honours {@code If-Match}. 204. */
  static void delete(Exchange ex, BlobStore store, BlobInfo current) {
    if (Preconditions.evaluate(ex, current) != Preconditions.Outcome.PROCEED) {
      throw preconditionFailed(current.ref(), current);
    }
    store.delete(current.ref());
    ex.sendEmpty(204);
  }

  /** A key no blob has: a random UUID. */
  static String newKey() {
    return UUID.randomUUID().toString();
  }

  /** The 2xx answer to a write: the info as JSON, with ETag and Location. */
  static void answer(Exchange ex, int status, BlobInfo info) throws IOException {
    ex.setHeader("ETag", EntityTags.of(info));
    if (info.key() != null) {
      ex.setHeader("Location", "/b/" + info.bucket() + "/" + encodeKey(info.key()));
    }
    ex.sendJson(status, BlobJson.of(info));
  }

  static HttpError preconditionFailed(BlobRef ref, BlobInfo current) {
    return new HttpError(
        412,
        current == null
            ? "precondition failed: no blob " + ref.describe()
            : "precondition failed: blob "
                + ref.describe()
                + " has ETag "
                + EntityTags.of(current));
  }

  static BlobInfo infoOrNull(BlobStore store, BlobRef ref) {
    try {
      return store.info(ref);
    } catch (BlobNotFoundException e) {
      return null;
    }
  }

  private static PutOptions options(Exchange ex, String bucket) {
    return PutOptions.in(bucket).contentType(ex.header("Content-Type")).meta(MetaHeaders.read(ex));
  }

  /** A key as URL path segments: each part between slashes percent-encoded. */
  static String encodeKey(String key) {
    StringBuilder out = new StringBuilder();
    for (String part : key.split("/", -1)) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString();
  }
}
