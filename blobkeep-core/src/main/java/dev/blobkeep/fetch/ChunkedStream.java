package dev.blobkeep.fetch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body in the chunked transfer coding (RFC 9112 section 7.1), decoded: chunk extensions are
 * ignored, trailer fields read and dropped. Ends at the last chunk; the connection ending earlier
 * is an {@link EOFException}, a malformed size line a {@link ProtocolViolation}. Not thread-safe.
 */
final class ChunkedStream extends InputStream {
  private static final int MAX_TRAILER_FIELDS = ResponseHead.MAX_FIELDS;

  private final InputStream in;
  private long left; // bytes left in the current chunk
  private boolean started;
  private boolean done;

  ChunkedStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (left == 0 && !nextChunk()) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n < 0) {
      throw new EOFException("the connection closed inside a chunk, " + left + " bytes short");
    }
    left -= n;
    return n;
  }

  /** Reads the next size line; false after the last chunk and its trailer. */
  private boolean nextChunk() throws IOException {
    if (done) {
      return false;
    }
    if (started && !ResponseHead.readLine(in, "chunk").isEmpty()) {
      throw new ProtocolViolation("a chunk is longer than its size line says");
    }
    started = true;
    String line = ResponseHead.readLine(in, "chunk size line");
    int end = 0;
    while (end < line.length() && Character.digit(line.charAt(end), 16) >= 0) {
      end++;
    }
    String rest = line.substring(end);
    if (end == 0 || end > 15 || !(rest.isEmpty() || rest.matches("[ \\t]*;.*"))) {
      throw new ProtocolViolation(
          "chunk size line '" + ResponseHead.printable(line) + "' is not a hex size");
    }
    left = Long.parseLong(line.substring(0, end), 16);
    if (left > 0) {
      return true;
    }
    for (int i = 0; !ResponseHead.readLine(in, "trailer").isEmpty(); i++) {
      if (i == MAX_TRAILER_FIELDS) {
        throw new ProtocolViolation("the body has more than " + MAX_TRAILER_FIELDS + " trailers");
      }
    }
    done = true;
    return false;
  }
}
