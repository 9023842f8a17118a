package dev.blobkeep.testkit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

/**
 * An input stream that returns short reads of random odd sizes, often a single byte, the way a
 * network stream may; the bytes themselves are unchanged.
 */
public final class StrangeInputStream extends FilterInputStream {
  private final Random random;

  public StrangeInputStream(InputStream in, long seed) {
    super(in);
    this.random = new Random(seed);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(Math.min(len, 7919));
    return super.read(b, off, Math.min(n, len));
  }

  @Override
  public int available() {
    return 0;
  }
}
