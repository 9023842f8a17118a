package dev.blobkeep.server;

import java.util.Locale;

/** Parameters of structured header values such as {@code form-data; name="a"; filename="b.png"}. */
final class HeaderParams {
  private HeaderParams() {}

  /**
   * The value of parameter {@code name} (case-insensitive), unquoted, or null if absent. Quoted
   * values may contain {@code ;} and backslash escapes.
   */
  static String param(String header, String name) {
    if (header == null) {
      return null;
    }
    int i = header.indexOf(';');
    while (i >= 0 && i < header.length()) {
      i++;
      while (i < header.length() && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
        i++;
      }
      int eq = header.indexOf('=', i);
      int semi = header.indexOf(';', i);
      if (eq < 0 || (semi >= 0 && semi < eq)) {
        i = semi;
        continue;
      }
      String key = header.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      int v = eq + 1;
      while (v < header.length() && header.charAt(v) == ' ') {
        v++;
      }
      String value;
      int next;
      if (v < header.length() && header.charAt(v) == '"') {
        StringBuilder sb = new StringBuilder();
        int j = v + 1;
        while (j < header.length() && header.charAt(j) != '"') {
          char c = header.charAt(j);
          if (c == '\\' && j + 1 < header.length()) {
            c = header.charAt(++j);
          }
          sb.append(c);
          j++;
        }
        value = sb.toString();
        next = header.indexOf(';', j);
      } else {
        next = header.indexOf(';', v);
        value = (next < 0 ? header.substring(v) : header.substring(v, next)).strip();
      }
      if (key.equals(name.toLowerCase(Locale.ROOT))) {
        return value;
      }
      i = next;
    }
    return null;
  }
}
