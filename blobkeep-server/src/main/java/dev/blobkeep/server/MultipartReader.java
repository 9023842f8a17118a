package dev.blobkeep.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578, RFC 2046 section 5.1) one part at a time,
 * streaming each part's content: memory stays at one buffer whatever the parts' sizes. Not
 * thread-safe.
 *
 * <p>A body that breaks the format throws {@link Malformed}, whose message says what was found.
 */
final class MultipartReader {
  /** The body is not well-formed multipart. */
  static final class Malformed extends IOException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  /**
   * One part: its headers (names lower-cased) and its content, readable until the next boundary.
   */
  record Part(Map<String, String> headers, InputStream body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private static final int BUFFER = 64 * 1024;
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  private final InputStream in;
  private final byte[] delimiter;
  private final byte[] buf = new byte[BUFFER];
  private int pos;
  private int lim;
  private boolean eof;
  private boolean finished;
  private PartBody current;

  /**
   * @param boundary the {@code boundary} parameter of the body's content type, 1 to 70 characters
   */
  MultipartReader(InputStream in, String boundary) {
    if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
      throw HttpError.badRequest(
          "multipart boundary must be 1 to 70 characters, got "
              + (boundary == null ? "none" : boundary.length()));
    }
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    // The first boundary has no CRLF before it: pretend it had, so every delimiter looks alike.
    buf[0] = '\r';
    buf[1] = '\n';
    lim = 2;
    current = new PartBody();
  }

  /** The next part, or null after the closing boundary. Skips what is left of the current part. */
  Part next() throws IOException {
    if (current != null) {
      current.skipRest();
      current = null;
    }
    if (finished) {
      return null;
    }
    Map<String, String> headers = readHeaders();
    current = new PartBody();
    return new Part(headers, current);
  }

  /** After a delimiter: "--" ends the body; otherwise optional padding, CRLF, then headers. */
  private Map<String, String> readHeaders() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int total = 0;
    while (true) {
      int b = readByte();
      if (b < 0) {
        throw new Malformed("multipart body ends inside a part's headers");
      }
      if (++total > MAX_HEADER_BYTES) {
        throw new Malformed(
            "multipart part headers are longer than " + MAX_HEADER_BYTES + " bytes");
      }
      if (b != '\n') {
        line.write(b);
        continue;
      }
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      if (text.isEmpty()) {
        return headers;
      }
      int colon = text.indexOf(':');
      if (colon <= 0) {
        throw new Malformed("multipart part header line has no name: '" + abbreviate(text) + "'");
      }
      headers.put(
          text.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          text.substring(colon + 1).strip());
    }
  }

  /** After a delimiter: decides between the closing "--" and the CRLF that starts a next part. */
  private void afterDelimiter() throws IOException {
    int a = readByte();
    int b = readByte();
    if (a == '-' && b == '-') {
      finished = true;
      return;
    }
    while (a == ' ' || a == '\t') {
      a = b;
      b = readByte();
    }
    if (a != '\r' || b != '\n') {
      throw new Malformed("multipart boundary is not followed by CRLF or '--'");
    }
  }

  private int readByte() throws IOException {
    if (pos == lim && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  /** Reads more into the buffer, keeping unread bytes; false at end of input with nothing new. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    int n = in.read(buf, lim, buf.length - lim);
    if (n < 0) {
      eof = true;
      return false;
    }
    lim += n;
    return true;
  }

  private int indexOfDelimiter() {
    outer:
    for (int i = pos; i <= lim - delimiter.length; i++) {
      for (int j = 0; j < delimiter.length; j++) {
        if (buf[i + j] != delimiter[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 56) + "...";
  }

  /** One part's content: everything up to the next delimiter. */
  private final class PartBody extends InputStream {
    private boolean done;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      while (true) {
        int at = indexOfDelimiter();
        if (at == pos) {
          pos += delimiter.length;
          done = true;
          afterDelimiter();
          return -1;
        }
        // Bytes before a delimiter, or that cannot be the start of one, are content.
        int safe = at >= 0 ? at : Math.max(pos, lim - delimiter.length + 1);
        if (safe > pos) {
          int n = Math.min(len, safe - pos);
          System.arraycopy(buf, pos, b, off, n);
          pos += n;
          return n;
        }
        if (!fill()) {
          throw new Malformed("multipart body ends without its closing boundary");
        }
      }
    }

    void skipRest() throws IOException {
      byte[] sink = new byte[8192];
      while (read(sink, 0, sink.length) >= 0) {
        // discard
      }
    }
  }
}
