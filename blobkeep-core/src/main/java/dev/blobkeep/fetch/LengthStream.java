package dev.blobkeep.fetch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body framed by its Content-Length: exactly {@code length} bytes, an {@link EOFException} if the
 * connection ends sooner. Not thread-safe.
 */
final class LengthStream extends InputStream {
  private final InputStream in;
  private final long length;
  private long left;

  LengthStream(InputStream in, long length) {
    this.in = in;
    this.length = length;
    this.left = length;
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
    if (left == 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n < 0) {
      throw new EOFException(
          "the connection closed " + left + " bytes short of the declared " + length);
    }
    left -= n;
    return n;
  }
}
