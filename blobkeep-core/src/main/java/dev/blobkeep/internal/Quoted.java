package dev.blobkeep.internal;

import java.util.Locale;

/** Values quoted for one-line messages: control characters escaped, long text shortened. */
public final class Quoted {
  private static final int MAX = 64;

  private Quoted() {}

  /**
   * {@code 'text'} with control characters written as {@code \n}, {@code \r}, {@code \t}, {@code
   * \0} or {@code \\uXXXX}, and text past 64 characters cut to 60 and {@code ...}, so that a
   * message quoting a caller's value stays one line whatever the value holds.
   */
  public static String of(String text) {
    String s = text.length() <= MAX ? text : text.substring(0, MAX - 4) + "...";
    StringBuilder out = new StringBuilder(s.length() + 2).append('\'');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\0' -> out.append("\\0");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('\'').toString();
  }
}
