package dev.blobkeep.testkit;

import java.io.IOException;
import java.io.InputStream;

/** Yields {@code okBytes} bytes of {@code fill}, then fails with an {@link IOException}. */
public final class FailingInputStream extends InputStream {
  private final long okBytes;
  private long position;

  public FailingInputStream(long okBytes) {
    this.okBytes = okBytes;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (position >= okBytes) {
      throw new IOException("connection reset by test at byte " + position);
    }
    int n = (int) Math.min(len, okBytes - position);
    for (int i = 0; i < n; i++) {
      b[off + i] = (byte) (position + i + 1);
    }
    position += n;
    return n;
  }
}
