package dev.blobkeep.bytea;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.util.Objects;

/**
 * An output stream that takes raw bytes and writes their {@code bytea} text (optionally inside a
 * SQL literal) to a {@link Writer} or, as ASCII bytes, to an {@link OutputStream}. Memory stays
 * constant whatever the length. From {@link Bytea#encoder(Writer, Format)} and its siblings.
 *
 * <p>The text is complete only after {@link #finish()} or {@link #close()}, which write what an
 * empty input still needs (the {@code \x} prefix, the literal's closing quote and cast). {@code
 * finish()} leaves the target open for more text; {@code close()} finishes and closes it. Both are
 * idempotent; a write after either throws {@link IOException}. Not thread-safe.
 */
public final class ByteaOutputStream extends OutputStream {
  private static final int BUFFER_SIZE = 8192;

  private final Writer writer;
  private final OutputStream out;
  private final Format format;
  private final String prefix;
  private final String suffix;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private final char[] chars;
  private final byte[] one = new byte[1];
  private int count;
  private boolean started;
  private boolean finished;
  private boolean closed;

  /**
   * Exactly one of {@code writer} and {@code out} is non-null; {@code prefix} goes before the
   * format's own prefix, {@code suffix} after the text.
   */
  ByteaOutputStream(Writer writer, OutputStream out, Format format, String prefix, String suffix) {
    this.writer = writer;
    this.out = out;
    this.format = Objects.requireNonNull(format, "format");
    this.prefix = prefix + (format == Format.HEX ? Encoding.HEX_PREFIX : "");
    this.suffix = suffix;
    this.chars = writer == null ? null : new char[BUFFER_SIZE];
  }

  @Override
  public void write(int b) throws IOException {
    one[0] = (byte) b;
    write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    checkOpen();
    start();
    int perByte = Encoding.maxCharsPerByte(format);
    while (len > 0) {
      int n = Math.min(len, (buffer.length - count) / perByte);
      if (n == 0) {
        drain();
        continue;
      }
      count = Encoding.encode(b, off, n, format, buffer, count);
      off += n;
      len -= n;
    }
  }

  /** Writes the buffered text to the target and flushes it. */
  @Override
  public void flush() throws IOException {
    checkOpen();
    drain();
    flushTarget();
  }

  /**
   * Completes the text (writing the prefix if nothing was written, then the suffix) and flushes,
   * without closing the target. Idempotent.
   *
   * @throws IOException if the target fails
   */
  public void finish() throws IOException {
    if (closed) {
      throw new IOException("bytea stream is closed");
    }
    if (finished) {
      return;
    }
    start();
    put(suffix);
    drain();
    flushTarget();
    finished = true;
  }

  /** Finishes the text, then closes the target. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      finish();
    } finally {
      closed = true;
      closeTarget();
    }
  }

  private void checkOpen() throws IOException {
    if (closed || finished) {
      throw new IOException("bytea stream is " + (closed ? "closed" : "finished"));
    }
  }

  private void start() throws IOException {
    if (!started) {
      put(prefix);
      started = true;
    }
  }

  private void put(String ascii) throws IOException {
    for (int i = 0; i < ascii.length(); i++) {
      if (count == buffer.length) {
        drain();
      }
      buffer[count++] = (byte) ascii.charAt(i);
    }
  }

  private void drain() throws IOException {
    if (count == 0) {
      return;
    }
    if (out != null) {
      out.write(buffer, 0, count);
    } else {
      for (int i = 0; i < count; i++) {
        chars[i] = (char) buffer[i];
      }
      writer.write(chars, 0, count);
    }
    count = 0;
  }

  private void flushTarget() throws IOException {
    if (out != null) {
      out.flush();
    } else {
      writer.flush();
    }
  }

  private void closeTarget() throws IOException {
    if (out != null) {
      out.close();
    } else {
      writer.close();
    }
  }
}
