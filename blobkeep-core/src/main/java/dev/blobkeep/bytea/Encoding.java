package dev.blobkeep.bytea;

/**
 * The output rules of PostgreSQL 15's {@code byteaout}, writing ASCII text as bytes into a caller's
 * array. Stateless.
 */
final class Encoding {
  /** What every {@link Format#HEX} text starts with. */
  static final String HEX_PREFIX = "\\x";

  private static final byte[] DIGITS = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };

  private Encoding() {}

  /** The most characters one input byte can become in {@code format}. */
  static int maxCharsPerByte(Format format) {
    return format == Format.HEX ? 2 : 4;
  }

  /** The number of characters {@code format} makes of the bytes, without any prefix. */
  static long encodedLength(byte[] src, int off, int len, Format format) {
    if (format == Format.HEX) {
      return 2L * len;
    }
    long n = 0;
    for (int i = off; i < off + len; i++) {
      int b = src[i] & 0xff;
      n += b == '\\' ? 2 : (b < 0x20 || b > 0x7e) ? 4 : 1;
    }
    return n;
  }

  /**
   * Writes the encoding of {@code src[off, off + len)} (without prefix) at {@code dst[d]}, which
   * must have room for {@code len * maxCharsPerByte(format)} bytes, and returns the index after the
   * last byte written.
   */
  static int encode(byte[] src, int off, int len, Format format, byte[] dst, int d) {
    return format == Format.HEX ? hex(src, off, len, dst, d) : escape(src, off, len, dst, d);
  }

  private static int hex(byte[] src, int off, int len, byte[] dst, int d) {
    for (int i = off; i < off + len; i++) {
      int b = src[i] & 0xff;
      dst[d++] = DIGITS[b >>> 4];
      dst[d++] = DIGITS[b & 0xf];
    }
    return d;
  }

  private static int escape(byte[] src, int off, int len, byte[] dst, int d) {
    for (int i = off; i < off + len; i++) {
      int b = src[i] & 0xff;
      if (b == '\\') {
        dst[d++] = '\\';
        dst[d++] = '\\';
      } else if (b < 0x20 || b > 0x7e) {
        dst[d++] = '\\';
        dst[d++] = DIGITS[b >>> 6];
        dst[d++] = DIGITS[(b >>> 3) & 7];
        dst[d++] = DIGITS[b & 7];
      } else {
        dst[d++] = (byte) b;
      }
    }
    return d;
  }
}
