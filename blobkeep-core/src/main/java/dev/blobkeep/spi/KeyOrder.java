package dev.blobkeep.spi;

/**
 * The order keys are listed in by {@link dev.blobkeep.Query#orderByKey()}: UTF-8 binary order,
 * which is code point order (S3's listing order). A backend's key column must compare this way
 * (SQLite's default {@code BINARY} collation on a UTF-8 database, PostgreSQL's {@code "C"}).
 */
public final class KeyOrder {
  private KeyOrder() {}

  /**
   * Compares two keys in code point order (UTF-8 binary order), unlike {@link String#compareTo}.
   *
   * @param a a key
   * @param b another key
   * @return a negative number, zero or a positive number as {@code a} sorts before, with or after
   *     {@code b}
   */
  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * The least string greater than every string that starts with {@code prefix}, in code point
   * order, or null if there is none (the prefix is all U+10FFFF): the exclusive upper end of the
   * key range a prefix covers.
   *
   * @param prefix a key prefix
   * @return the successor, or null
   */
  public static String successor(String prefix) {
    int[] cps = prefix.codePoints().toArray();
    int n = cps.length;
    while (n > 0 && cps[n - 1] == Character.MAX_CODE_POINT) {
      n--;
    }
    if (n == 0) {
      return null;
    }
    int next = cps[n - 1] + 1;
    if (next == Character.MIN_SURROGATE) {
      next = Character.MAX_SURROGATE + 1; // surrogates are not characters; UTF-8 skips them too
    }
    cps[n - 1] = next;
    return new String(cps, 0, n);
  }
}
