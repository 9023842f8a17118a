package dev.blobkeep.bytea;

import java.io.FilterInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Random;

/**
 * Sources that return short, odd-sized reads (1 to {@code max} units, at random from a seed), as a
 * slow network would (pgjdbc's StrangeInputStream).
 */
final class ShortReads {
  private ShortReads() {}

  static Reader reader(Reader in, long seed, int max) {
    Random random = new Random(seed);
    return new FilterReader(in) {
      @Override
      public int read(char[] cbuf, int off, int len) throws IOException {
        return super.read(cbuf, off, Math.min(len, 1 + random.nextInt(max)));
      }
    };
  }

  static InputStream stream(InputStream in, long seed, int max) {
    Random random = new Random(seed);
    return new FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(max)));
      }
    };
  }
}
