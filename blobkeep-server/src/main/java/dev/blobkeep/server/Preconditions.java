package dev.blobkeep.server;

import dev.blobkeep.BlobInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Conditional requests as RFC 9110 section 13.2.2 orders them: {@code If-Match}, else {@code
 * If-Unmodified-Since}; then {@code If-None-Match}, else (GET and HEAD only) {@code
 * If-Modified-Since}; then {@code If-Range} for a GET with {@code Range}.
 */
final class Preconditions {
  /** What the evaluation decided. */
  enum Outcome {
    /** Perform the method. */
    PROCEED,
    /** Answer 304 Not Modified (GET and HEAD only). */
    NOT_MODIFIED,
    /** Answer 412 Precondition Failed. */
    FAILED
  }

  private Preconditions() {}

  /**
   * Evaluates the request's preconditions against {@code current}, the blob as it is now or null if
   * there is none.
   */
  static Outcome evaluate(Exchange ex, BlobInfo current) {
    boolean safe = ex.method().equals("GET") || ex.method().equals("HEAD");
    String etag = current == null ? null : EntityTags.of(current);
    Instant modified = current == null ? null : lastModified(current);

    String ifMatch = ex.header("If-Match");
    if (ifMatch != null) {
      if (!ifMatch(ifMatch, etag)) {
        return Outcome.FAILED;
      }
    } else {
      Instant since = HttpDates.parse(ex.header("If-Unmodified-Since"));
      if (since != null && modified != null && modified.isAfter(since)) {
        return Outcome.FAILED;
      }
    }

    String ifNoneMatch = ex.header("If-None-Match");
    if (ifNoneMatch != null) {
      if (!ifNoneMatch(ifNoneMatch, etag)) {
        return safe ? Outcome.NOT_MODIFIED : Outcome.FAILED;
      }
    } else if (safe && modified != null) {
      Instant since = HttpDates.parse(ex.header("If-Modified-Since"));
      // A date later than the server's current time is invalid and ignored (section 13.1.3).
      if (since != null && !since.isAfter(Instant.now()) && !modified.isAfter(since)) {
        return Outcome.NOT_MODIFIED;
      }
    }
    return Outcome.PROCEED;
  }

  /**
   * True if a GET's {@code Range} may be honoured: no {@code If-Range}, or an {@code If-Range}
   * entity tag that strongly matches. An {@code If-Range} date is false: {@code Last-Modified} has
   * one-second resolution, so it is a weak validator here (section 8.8.2.2).
   */
  static boolean ifRange(Exchange ex, BlobInfo current) {
    String value = ex.header("If-Range");
    if (value == null) {
      return true;
    }
    String v = value.strip();
    if (!v.startsWith("\"") && !v.startsWith("W/")) {
      return false;
    }
    List<EntityTags.Tag> tags = EntityTags.parseList(v);
    return tags != null
        && tags.size() == 1
        && EntityTags.strongMatch(tags.get(0), EntityTags.of(current));
  }

  /**
   * True if a write must happen only while the blob is still as {@link #evaluate} saw it: the
   * request has {@code If-Match}, {@code If-None-Match} or {@code If-Unmodified-Since}. The write
   * then passes that state to the library ({@link #pin}), which checks it in the transaction that
   * writes, so a concurrent change ends in 412, never in a lost update.
   */
  static boolean guardsWrite(Exchange ex) {
    return ex.header("If-Match") != null
        || ex.header("If-None-Match") != null
        || ex.header("If-Unmodified-Since") != null;
  }

  /**
   * The entity tag the write must still find ({@link BlobInfo#etag()} of the blob the preconditions
   * were evaluated on), or null if the write is not guarded or there was no blob.
   */
  static String pin(Exchange ex, BlobInfo current) {
    return guardsWrite(ex) && current != null ? current.etag() : null;
  }

  /** The blob's Last-Modified: its update time truncated to the second. */
  static Instant lastModified(BlobInfo info) {
    return info.updated().truncatedTo(ChronoUnit.SECONDS);
  }

  private static boolean ifMatch(String value, String etag) {
    if (etag == null) {
      return false;
    }
    List<EntityTags.Tag> tags = EntityTags.parseList(value);
    if (tags == null) {
      return true;
    }
    for (EntityTags.Tag t : tags) {
      if (EntityTags.strongMatch(t, etag)) {
        return true;
      }
    }
    return false;
  }

  private static boolean ifNoneMatch(String value, String etag) {
    if (etag == null) {
      return true;
    }
    List<EntityTags.Tag> tags = EntityTags.parseList(value);
    if (tags == null) {
      return false;
    }
    for (EntityTags.Tag t : tags) {
      if (EntityTags.weakMatch(t, etag)) {
        return false;
      }
    }
    return true;
  }
}
