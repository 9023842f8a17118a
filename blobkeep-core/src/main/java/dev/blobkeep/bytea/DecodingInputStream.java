package dev.blobkeep.bytea;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Objects;

/**
 * Reads {@code bytea} text in either format from a {@link Reader} or a UTF-8 {@link InputStream}
 * and returns the decoded bytes, with constant memory. Malformed text fails the read that reaches
 * it with an {@link IOException} caused by the {@link ByteaFormatException}; every later read fails
 * the same way. Bytes before the error may already have been returned. Not thread-safe.
 */
final class DecodingInputStream extends InputStream {
  private static final int CHUNK = 8192;

  private final Reader reader;
  private final InputStream in;
  private final char[] chars;
  private final byte[] raw;
  private final Parser parser;
  private final byte[] decoded = new byte[Parser.maxDecodedLength(CHUNK)];
  private int pos;
  private int limit;
  private boolean eof;
  private boolean closed;
  private IOException failure;

  DecodingInputStream(Reader reader) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.in = null;
    this.chars = new char[CHUNK];
    this.raw = null;
    this.parser = new Parser(false);
  }

  DecodingInputStream(InputStream in) {
    this.reader = null;
    this.in = Objects.requireNonNull(in, "in");
    this.chars = null;
    this.raw = new byte[CHUNK];
    this.parser = new Parser(true);
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return decoded[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      checkUsable();
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(decoded, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() throws IOException {
    checkUsable();
    return limit - pos;
  }

  /** Closes the source. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (reader != null) {
      reader.close();
    } else {
      in.close();
    }
  }

  /** Makes decoded bytes available; returns false at the end of valid input. */
  private boolean fill() throws IOException {
    checkUsable();
    while (pos == limit && !eof) {
      int n = reader != null ? reader.read(chars, 0, CHUNK) : in.read(raw, 0, CHUNK);
      try {
        if (n < 0) {
          parser.finish();
          eof = true;
        } else {
          limit =
              reader != null
                  ? parser.parse(chars, 0, n, decoded, 0)
                  : parser.parse(raw, 0, n, decoded, 0);
          pos = 0;
        }
      } catch (ByteaFormatException e) {
        failure = new IOException(e.getMessage(), e);
        throw failure;
      }
    }
    return pos < limit;
  }

  private void checkUsable() throws IOException {
    if (closed) {
      throw new IOException("bytea stream is closed");
    }
    if (failure != null) {
      throw failure;
    }
  }
}
