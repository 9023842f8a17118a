package dev.blobkeep.internal;

import dev.blobkeep.BlobCorruptException;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Chunk arithmetic and checks. A blob of size {@code s} and chunk size {@code c} spans chunk
 * indexes {@code 0 .. ceil(s / c) - 1}. A stored chunk holds at most the bytes of its span; bytes
 * past its stored length, and whole missing chunks, read as zeros.
 */
final class Chunks {
  private Chunks() {}

  static long count(long size, int chunkSize) {
    return size == 0 ? 0 : (size - 1) / chunkSize + 1;
  }

  /** Length of chunk {@code idx}'s span in a blob of {@code size}. */
  static int span(long size, int chunkSize, long idx) {
    return (int) Math.min(chunkSize, size - idx * chunkSize);
  }

  static long crc(byte[] data, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(data, off, len);
    return crc.getValue();
  }

  static boolean allZero(byte[] data, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (data[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks a stored chunk against its CRC32C and span.
   *
   * @throws BlobCorruptException naming blob and chunk on a mismatch
   */
  static void check(String blobId, long idx, byte[] data, long storedCrc, int span) {
    if (data.length > span) {
      throw new BlobCorruptException(
          "blob "
              + blobId
              + " chunk "
              + idx
              + " is corrupt: it holds "
              + data.length
              + " bytes, more than its span of "
              + span);
    }
    long actual = crc(data, 0, data.length);
    if (actual != storedCrc) {
      throw new BlobCorruptException(
          String.format(
              Locale.ROOT,
              "blob %s chunk %d is corrupt: CRC32C is %08x, stored %08x",
              blobId,
              idx,
              actual,
              storedCrc));
    }
  }
}
