package dev.blobkeep.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a request's raw (still percent-encoded) path into decoded segments, refusing anything that
 * could be read as a different path: {@code .} and {@code ..} segments (plain or encoded), encoded
 * slashes ({@code %2F}), backslashes (plain or {@code %5C}), NUL and other control characters,
 * empty segments and malformed UTF-8. Each refusal is an {@link HttpError} 400 naming the path.
 */
final class SafePath {
  private SafePath() {}

  /**
   * The decoded segments of {@code rawPath}, which must start with {@code /}. {@code "/"} has no
   * segments; a trailing slash adds none (see {@link #trailingSlash}).
   */
  static List<String> segments(String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      throw refuse(rawPath, "it does not start with '/'");
    }
    String lower = rawPath.toLowerCase(Locale.ROOT);
    if (rawPath.indexOf('\\') >= 0 || lower.contains("%5c")) {
      throw refuse(rawPath, "it has a backslash");
    }
    if (lower.contains("%2f")) {
      throw refuse(rawPath, "it has an encoded slash (%2F)");
    }
    List<String> out = new ArrayList<>();
    String body = rawPath.substring(1);
    if (body.endsWith("/")) {
      body = body.substring(0, body.length() - 1);
    }
    if (body.isEmpty()) {
      return out;
    }
    for (String raw : body.split("/", -1)) {
      String seg = decode(rawPath, raw);
      if (seg.isEmpty()) {
        throw refuse(rawPath, "it has an empty segment ('//')");
      }
      if (seg.equals(".") || seg.equals("..")) {
        throw refuse(rawPath, "it has a '" + seg + "' segment");
      }
      for (int i = 0; i < seg.length(); i++) {
        char c = seg.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          throw refuse(
              rawPath, String.format(Locale.ROOT, "it has control character U+%04X", (int) c));
        }
      }
      out.add(seg);
    }
    return out;
  }

  /**
   * True if {@code rawPath} ends with {@code /} after a segment: {@link #segments} leaves that
   * slash out, and a route that reads a key puts it back, so {@code /b/docs/dir/} is key {@code
   * dir/}.
   */
  static boolean trailingSlash(String rawPath) {
    return rawPath != null && rawPath.length() > 1 && rawPath.endsWith("/");
  }

  private static String decode(String rawPath, String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw refuse(rawPath, "it has a malformed percent-escape at '" + tail(raw, i) + "'");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        int cp = raw.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        i += Character.charCount(cp) - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw refuse(rawPath, "its percent-escapes are not UTF-8");
    }
  }

  private static String tail(String s, int from) {
    return s.substring(from, Math.min(s.length(), from + 3));
  }

  private static HttpError refuse(String rawPath, String why) {
    String shown = rawPath == null ? "null" : rawPath.replace("\0", "\\0");
    if (shown.length() > 200) {
      shown = shown.substring(0, 196) + "...";
    }
    return HttpError.badRequest("path '" + shown + "' is refused: " + why);
  }
}
