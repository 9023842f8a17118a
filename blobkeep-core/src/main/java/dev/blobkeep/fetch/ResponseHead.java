package dev.blobkeep.fetch;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status line and header fields of an HTTP/1.x response (RFC 9112), read with bounds: a line of
 * at most {@link #MAX_LINE} bytes, at most {@link #MAX_FIELDS} fields. Header names are kept
 * lower-case. Immutable.
 */
final class ResponseHead {
  static final int MAX_LINE = 8192;
  static final int MAX_FIELDS = 100;
  private static final Pattern STATUS_LINE =
      Pattern.compile("HTTP/1\\.[01] ([1-9][0-9]{2})(?: .*)?");

  private final int status;
  private final Map<String, List<String>> fields;

  private ResponseHead(int status, Map<String, List<String>> fields) {
    this.status = status;
    this.fields = fields;
  }

  /**
   * Reads one response head, up to and including its empty line.
   *
   * @throws EOFException if the connection ends before the head does
   * @throws ProtocolViolation if the head is malformed or over the bounds
   */
  static ResponseHead read(InputStream in) throws IOException {
    String statusLine = readLine(in, "status line");
    Matcher m = STATUS_LINE.matcher(statusLine);
    if (!m.matches()) {
      throw new ProtocolViolation("status line '" + printable(statusLine) + "' is not HTTP/1.x");
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    String last = null;
    for (int count = 0; ; count++) {
      String line = readLine(in, "header field");
      if (line.isEmpty()) {
        break;
      }
      if (count == MAX_FIELDS) {
        throw new ProtocolViolation("the response has more than " + MAX_FIELDS + " header fields");
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (last == null) {
          throw new ProtocolViolation("the first header field starts with white space");
        }
        List<String> values = fields.get(last); // obs-fold: replaced with a space (RFC 9112 5.2)
        int end = values.size() - 1;
        values.set(end, (values.get(end) + " " + line.strip()).strip());
        continue;
      }
      int colon = line.indexOf(':');
      String name = colon < 0 ? "" : line.substring(0, colon);
      if (name.isEmpty() || !name.equals(name.strip()) || name.indexOf(' ') >= 0) {
        throw new ProtocolViolation("header field '" + printable(line) + "' is malformed");
      }
      last = name.toLowerCase(Locale.ROOT);
      fields.computeIfAbsent(last, k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
    }
    return new ResponseHead(Integer.parseInt(m.group(1)), fields);
  }

  /** The status code, 100 to 999. */
  int status() {
    return status;
  }

  /** The first value of the field, or null. */
  String first(String name) {
    List<String> values = fields.get(name);
    return values == null ? null : values.get(0);
  }

  /** The comma-separated elements of every line of the field, stripped, empty ones left out. */
  List<String> elements(String name) {
    List<String> out = new ArrayList<>();
    for (String value : fields.getOrDefault(name, List.of())) {
      for (String element : value.split(",", -1)) {
        if (!element.isBlank()) {
          out.add(element.strip());
        }
      }
    }
    return out;
  }

  /**
   * One line without its CRLF (a bare LF is accepted), as ISO-8859-1.
   *
   * @throws EOFException if the stream ends first
   */
  static String readLine(InputStream in, String what) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("the connection closed inside a " + what);
      }
      if (c == '\n') {
        break;
      }
      if (line.size() == MAX_LINE) {
        throw new ProtocolViolation("a " + what + " is longer than " + MAX_LINE + " bytes");
      }
      line.write(c);
    }
    String s = line.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /** At most 100 characters of server text, control characters replaced, for a message. */
  static String printable(String s) {
    String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
    return cut.replaceAll("[\\p{Cntrl}]", "?");
  }
}
