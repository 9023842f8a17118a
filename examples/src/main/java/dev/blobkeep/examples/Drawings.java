package dev.blobkeep.examples;

import java.util.Random;

/** Stand-ins for drawing files: real signatures followed by random bytes. */
final class Drawings {
  private Drawings() {}

  static byte[] png(long seed) {
    return withHeader(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, seed);
  }

  static byte[] jpeg(long seed) {
    return withHeader(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0}, seed);
  }

  private static byte[] withHeader(byte[] header, long seed) {
    byte[] b = new byte[200_000];
    new Random(seed).nextBytes(b);
    System.arraycopy(header, 0, b, 0, header.length);
    return b;
  }
}
