package dev.blobkeep.server;

import dev.blobkeep.BlobExistsException;
import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.PreconditionFailedException;
import dev.blobkeep.PutOptions;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Whole-blob writes: PUT under a key (with {@code If-None-Match: *} and {@code If-Match} guards,
 * checked again by the library in the transaction that publishes), POST of a raw body under a key
 * the server makes, and DELETE. Bodies are streamed into the store, which stages them in short
 * transactions and publishes the blob only when every byte arrived.
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
    } else if (Preconditions.guardsWrite(ex)) {
      // What the preconditions held for must still hold when the new blob is published.
      options = current == null ? options.ifAbsent() : options.ifMatch(current.etag());
    }
    BlobInfo info;
    try {
      info = store.put(ex.body(), options);
    } catch (BlobExistsException | PreconditionFailedException e) {
      throw new HttpError(412, "precondition failed: " + e.getMessage(), e);
    }
    answer(ex, current == null ? 201 : 200, info);
  }

  /** POST /b/{bucket} with a raw body: stored under a new random key; 201. */
  static void post(Exchange ex, BlobStore store, String bucket) throws IOException {
    BlobInfo info = store.put(ex.body(), options(ex, bucket).key(newKey()).ifAbsent());
    answer(ex, 201, info);
  }

  /**
   * DELETE of a blob whose grant was checked; honours the preconditions, checked again by the
   * library in the transaction that deletes. 204.
   */
  static void delete(Exchange ex, BlobStore store, BlobInfo current) {
    if (Preconditions.evaluate(ex, current) != Preconditions.Outcome.PROCEED) {
      throw preconditionFailed(current.ref(), current);
    }
    String pinned = Preconditions.pin(ex, current);
    try {
      if (pinned == null) {
        store.delete(current.ref());
      } else {
        store.delete(current.ref(), pinned);
      }
    } catch (RuntimeException e) {
      HttpError lost = lostRace(e, pinned);
      throw lost != null ? lost : e;
    }
    ex.sendEmpty(204);
  }

  /**
   * The 412 to answer if {@code e} says a guarded write ({@code pinned} not null) found the blob
   * changed or gone, since the preconditions held only for the blob as it was; else null.
   */
  static HttpError lostRace(Exception e, String pinned) {
    BlobkeepException library = Failures.libraryCause(e);
    if (library instanceof PreconditionFailedException
        || (pinned != null
            && (library instanceof BlobNotFoundException
                || library instanceof BlobExpiredException))) {
      return new HttpError(412, "precondition failed: " + library.getMessage(), e);
    }
    return null;
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
