package dev.blobkeep.server;

import java.util.Locale;

/**
 * One byte range of a {@code Range: bytes=...} request header (RFC 9110 section 14.1.2), resolved
 * against a representation's size.
 *
 * @param first offset of the first byte
 * @param last offset of the last byte, inclusive
 */
record ByteRange(long first, long last) {

  /** The result of reading a {@code Range} header. */
  sealed interface Result permits Ignore, Satisfiable, Unsatisfiable {}

  /** Serve the whole representation: no header, a syntax error, another unit, several ranges. */
  record Ignore() implements Result {}

  /** Serve this range with 206. */
  record Satisfiable(ByteRange range) implements Result {}

  /** Answer 416 with {@code Content-Range: bytes *}{@code /size}. */
  record Unsatisfiable() implements Result {}

  /** Number of bytes in the range. */
  long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} value of a 206. */
  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /**
   * Reads a {@code Range} header. Only one range per request is served: a set of several is ignored
   * (RFC 9110 lets a server ignore {@code Range}), as is any syntax error.
   */
  static Result parse(String header, long size) {
    if (header == null) {
      return new Ignore();
    }
    String h = header.strip();
    int eq = h.indexOf('=');
    if (eq < 0 || !h.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("bytes")) {
      return new Ignore();
    }
    String set = h.substring(eq + 1).strip();
    if (set.isEmpty() || set.indexOf(',') >= 0) {
      return new Ignore();
    }
    int dash = set.indexOf('-');
    if (dash < 0) {
      return new Ignore();
    }
    String a = set.substring(0, dash).strip();
    String b = set.substring(dash + 1).strip();
    if (a.isEmpty()) {
      if (!digits(b)) {
        return new Ignore();
      }
      long suffix = parseClamped(b);
      if (suffix == 0) {
        return new Unsatisfiable();
      }
      if (size == 0) {
        // A non-zero suffix of an empty representation is satisfiable but has no bytes to name in
        // a Content-Range; serve the (empty) whole instead.
        return new Ignore();
      }
      return new Satisfiable(new ByteRange(Math.max(0, size - suffix), size - 1));
    }
    if (!digits(a) || !(b.isEmpty() || digits(b))) {
      return new Ignore();
    }
    long first = parseClamped(a);
    long last = b.isEmpty() ? Long.MAX_VALUE : parseClamped(b);
    if (last < first) {
      return new Ignore();
    }
    if (first >= size) {
      return new Unsatisfiable();
    }
    return new Satisfiable(new ByteRange(first, Math.min(last, size - 1)));
  }

  private static boolean digits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static long parseClamped(String digits) {
    String d = digits.replaceFirst("^0+(?=.)", "");
    return d.length() > 18 ? Long.MAX_VALUE : Long.parseLong(d);
  }
}
