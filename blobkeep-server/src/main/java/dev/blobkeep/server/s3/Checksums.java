package dev.blobkeep.server.s3;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The checksums S3 clients send in {@code x-amz-checksum-*} headers and trailers: CRC32, CRC32C,
 * CRC64NVME, SHA-1, SHA-256, each as the base64 of its big-endian bytes, plus MD5 for {@code
 * Content-MD5} and ETags.
 */
final class Checksums {
  private Checksums() {}

  /** A running checksum. Not thread-safe. */
  interface Running {
    void update(byte[] b, int off, int len);

    /** The final value's bytes. */
    byte[] finish();
  }

  /** The algorithm names accepted after {@code x-amz-checksum-}. */
  static boolean known(String algorithm) {
    return switch (algorithm.toLowerCase(Locale.ROOT)) {
      case "crc32", "crc32c", "crc64nvme", "sha1", "sha256" -> true;
      default -> false;
    };
  }

  /** A running checksum of {@code algorithm} (crc32, crc32c, crc64nvme, sha1, sha256, md5). */
  static Running start(String algorithm) {
    return switch (algorithm.toLowerCase(Locale.ROOT)) {
      case "crc32" -> crc(new CRC32());
      case "crc32c" -> crc(new CRC32C());
      case "crc64nvme" -> new Crc64Nvme();
      case "sha1" -> digest("SHA-1");
      case "sha256" -> digest("SHA-256");
      case "md5" -> digest("MD5");
      default -> throw S3Exception.invalidArgument("unknown checksum algorithm " + algorithm);
    };
  }

  private static Running crc(java.util.zip.Checksum c) {
    return new Running() {
      @Override
      public void update(byte[] b, int off, int len) {
        c.update(b, off, len);
      }

      @Override
      public byte[] finish() {
        return ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
      }
    };
  }

  private static Running digest(String name) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(name + " is not available", e);
    }
    return new Running() {
      @Override
      public void update(byte[] b, int off, int len) {
        md.update(b, off, len);
      }

      @Override
      public byte[] finish() {
        return md.digest();
      }
    };
  }

  /** CRC-64/NVME: reflected polynomial 0x9A6C9329AC4BC9B5, initial and final XOR all ones. */
  private static final class Crc64Nvme implements Running {
    private static final long[] TABLE = new long[256];

    static {
      for (int i = 0; i < 256; i++) {
        long crc = i;
        for (int k = 0; k < 8; k++) {
          crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9A6C9329AC4BC9B5L : crc >>> 1;
        }
        TABLE[i] = crc;
      }
    }

    private long crc = -1L;

    @Override
    public void update(byte[] b, int off, int len) {
      long c = crc;
      for (int i = off; i < off + len; i++) {
        c = TABLE[(int) ((c ^ b[i]) & 0xff)] ^ (c >>> 8);
      }
      crc = c;
    }

    @Override
    public byte[] finish() {
      return ByteBuffer.allocate(8).putLong(~crc).array();
    }
  }
}
