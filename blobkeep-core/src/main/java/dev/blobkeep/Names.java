package dev.blobkeep;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/** Rules for bucket names, keys and ids, shared by every entry point. */
final class Names {
  static final String DEFAULT_BUCKET = "default";
  static final int MAX_BUCKET_LENGTH = 128;
  static final int MAX_KEY_BYTES = 1024;

  private Names() {}

  /**
   * Buckets are 1 to 128 characters of ASCII letters, digits, {@code .}, {@code _} and {@code -},
   * not starting with {@code .}: safe as a path segment, a URL segment and a table value.
   */
  static String checkBucket(String bucket) {
    if (bucket == null) {
      throw new InvalidArgumentException("bucket is null");
    }
    if (bucket.isEmpty()) {
      throw new InvalidArgumentException("bucket name is empty");
    }
    if (bucket.length() > MAX_BUCKET_LENGTH) {
      throw new InvalidArgumentException(
          "bucket name is "
              + bucket.length()
              + " characters, longer than "
              + MAX_BUCKET_LENGTH
              + ": "
              + quote(bucket));
    }
    if (bucket.charAt(0) == '.') {
      throw new InvalidArgumentException("bucket name starts with '.': " + quote(bucket));
    }
    for (int i = 0; i < bucket.length(); i++) {
      char c = bucket.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        throw new InvalidArgumentException(
            "bucket name "
                + quote(bucket)
                + " has character "
                + describeChar(c)
                + " at index "
                + i
                + " (allowed: letters, digits, '.', '_', '-')");
      }
    }
    return bucket;
  }

  /**
   * Keys are 1 to 1024 bytes of UTF-8 with no NUL, no other control character below U+0020, and no
   * unpaired surrogate. {@code /} and {@code ..} are ordinary characters: a key is a name, never a
   * path.
   */
  static String checkKey(String key) {
    if (key == null) {
      throw new InvalidArgumentException("key is null");
    }
    if (key.isEmpty()) {
      throw new InvalidArgumentException("key is empty");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidArgumentException(
            "key " + quote(key) + " has control character " + describeChar(c) + " at index " + i);
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
          i++;
          continue;
        }
        throw new InvalidArgumentException(
            "key " + quote(key) + " has an unpaired surrogate at index " + i + " (not UTF-8)");
      }
      if (Character.isLowSurrogate(c)) {
        throw new InvalidArgumentException(
            "key " + quote(key) + " has an unpaired surrogate at index " + i + " (not UTF-8)");
      }
    }
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_KEY_BYTES) {
      throw new InvalidArgumentException(
          "key is " + bytes + " bytes of UTF-8, longer than " + MAX_KEY_BYTES + ": " + quote(key));
    }
    return key;
  }

  /** Returns the canonical lower-case form of a UUID id, or throws naming the bad text. */
  static String checkId(String id) {
    if (id == null) {
      throw new InvalidArgumentException("id is null");
    }
    if (!looksLikeUuid(id)) {
      throw new InvalidArgumentException("id " + quote(id) + " is not a UUID");
    }
    return UUID.fromString(id).toString();
  }

  static boolean looksLikeUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }

  static String quote(String s) {
    return dev.blobkeep.internal.Quoted.of(s);
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 60) + "...";
  }

  private static String describeChar(char c) {
    return String.format(Locale.ROOT, "U+%04X", (int) c);
  }
}
