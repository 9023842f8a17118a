package dev.blobkeep.server.s3;

import dev.blobkeep.BlobInfo;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The request conditions of S3 reads, writes and copies: one byte range, entity tags, dates. */
final class Conditions {
  private Conditions() {}

  /**
   * {first, last} of a single {@code bytes=} range, null to serve everything; 416 if unsatisfiable.
   */
  static long[] range(String header, long size) {
    String h = header.strip();
    if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
      return null;
    }
    String spec = h.substring(6).strip();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).strip();
      String b = spec.substring(dash + 1).strip();
      long first;
      long last;
      if (a.isEmpty()) {
        long n = Long.parseLong(b);
        if (n <= 0 || size == 0) {
          throw invalidRange(header, size);
        }
        first = Math.max(0, size - n);
        last = size - 1;
      } else {
        first = Long.parseLong(a);
        last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
        if (!b.isEmpty() && Long.parseLong(b) < first) {
          return null;
        }
        if (first >= size) {
          throw invalidRange(header, size);
        }
      }
      return new long[] {first, last};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static S3Exception invalidRange(String header, long size) {
    return new S3Exception(
        416,
        "InvalidRange",
        "The requested range is not satisfiable: "
            + header
            + " of an object of "
            + size
            + " bytes");
  }

  /** The {@code x-amz-copy-source-if-*} conditions. */
  static void checkCopyConditions(S3Request r, BlobInfo source) {
    String etag = ObjectStore.etag(source);
    Instant modified = source.updated().truncatedTo(ChronoUnit.SECONDS);
    String match = r.header("x-amz-copy-source-if-match");
    String noneMatch = r.header("x-amz-copy-source-if-none-match");
    Instant unmodified = httpDate(r.header("x-amz-copy-source-if-unmodified-since"));
    Instant since = httpDate(r.header("x-amz-copy-source-if-modified-since"));
    if (match != null && !etagMatches(match, etag)) {
      throw preconditionFailed("x-amz-copy-source-if-match " + match);
    }
    if (noneMatch != null && etagMatches(noneMatch, etag)) {
      throw preconditionFailed("x-amz-copy-source-if-none-match " + noneMatch);
    }
    if (match == null && unmodified != null && modified.isAfter(unmodified)) {
      throw preconditionFailed("x-amz-copy-source-if-unmodified-since");
    }
    if (noneMatch == null && since != null && !modified.isAfter(since)) {
      throw preconditionFailed("x-amz-copy-source-if-modified-since");
    }
  }

  /** True if a list of entity tags ({@code "a", "b"} or {@code *}) names {@code etag}. */
  static boolean etagMatches(String header, String etag) {
    for (String t : header.split(",")) {
      String s = t.strip();
      if (s.startsWith("W/")) {
        s = s.substring(2);
      }
      if (s.equals("*") || s.replace("\"", "").equals(etag)) {
        return true;
      }
    }
    return false;
  }

  static Instant httpDate(String text) {
    if (text == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null; // RFC 9110: an invalid date is ignored
    }
  }

  static S3Exception preconditionFailed(String what) {
    return new S3Exception(
        412,
        "PreconditionFailed",
        "At least one of the pre-conditions you specified did not hold: " + what);
  }
}
