package dev.blobkeep.server;

import dev.blobkeep.BlobInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Entity tags (RFC 9110 section 8.8.3): a blob's tag is its {@link BlobInfo#etag()} in quotes,
 * always strong (the SHA-256 of a blob stored by a whole-blob put, else made from id and version),
 * and never costs a read of content. Parses the lists in {@code If-Match} and {@code
 * If-None-Match}.
 */
final class EntityTags {
  private EntityTags() {}

  /** One tag of a list: its opaque text (quotes included) and whether it was weak ({@code W/}). */
  record Tag(String opaque, boolean weak) {}

  /** The strong entity tag of a blob: {@code "<etag>"}. */
  static String of(BlobInfo info) {
    return "\"" + info.etag() + "\"";
  }

  /**
   * The tags of a comma-separated list, or null if the value is {@code *}. Malformed members are
   * skipped; they match nothing.
   */
  static List<Tag> parseList(String value) {
    String v = value.strip();
    if (v.equals("*")) {
      return null;
    }
    List<Tag> out = new ArrayList<>();
    int i = 0;
    while (i < v.length()) {
      char c = v.charAt(i);
      if (c == ',' || c == ' ' || c == '\t') {
        i++;
        continue;
      }
      boolean weak = false;
      if (v.startsWith("W/", i)) {
        weak = true;
        i += 2;
      }
      if (i < v.length() && v.charAt(i) == '"') {
        int end = v.indexOf('"', i + 1);
        if (end < 0) {
          break;
        }
        out.add(new Tag(v.substring(i, end + 1), weak));
        i = end + 1;
      } else {
        int comma = v.indexOf(',', i);
        i = comma < 0 ? v.length() : comma + 1;
      }
    }
    return out;
  }

  /** Strong comparison: both strong and the same opaque text. */
  static boolean strongMatch(Tag tag, String current) {
    return !tag.weak() && tag.opaque().equals(current);
  }

  /** Weak comparison: the same opaque text, weak or not. */
  static boolean weakMatch(Tag tag, String current) {
    return tag.opaque().equals(current);
  }
}
