package dev.blobkeep;

import java.util.Locale;

/** Validation of MIME types as stored with a blob. */
final class ContentTypes {
  private static final int MAX_LENGTH = 255;

  private ContentTypes() {}

  /**
   * Returns the type with its {@code type/subtype} part lower-cased, or null for null. Parameters
   * ({@code ; charset=utf-8}) are kept as given.
   */
  static String check(String contentType) {
    if (contentType == null) {
      return null;
    }
    String t = contentType.strip();
    if (t.length() > MAX_LENGTH) {
      throw new InvalidArgumentException(
          "content type is " + t.length() + " characters, longer than " + MAX_LENGTH);
    }
    int semi = t.indexOf(';');
    String essence = (semi < 0 ? t : t.substring(0, semi)).strip();
    int slash = essence.indexOf('/');
    if (slash <= 0
        || slash == essence.length() - 1
        || !isToken(essence.substring(0, slash))
        || !isToken(essence.substring(slash + 1))) {
      throw new InvalidArgumentException(
          "content type " + Names.quote(contentType) + " is not of the form type/subtype");
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new InvalidArgumentException(
            "content type " + Names.quote(contentType) + " has a non-printable character");
      }
    }
    return essence.toLowerCase(Locale.ROOT) + (semi < 0 ? "" : t.substring(semi));
  }

  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        return false;
      }
    }
    return !s.isEmpty();
  }
}
