package dev.blobkeep.internal;

import dev.blobkeep.BlobCorruptException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Chunk arithmetic and checks. A blob of size {@code s} and chunk size {@code c} spans chunk
 * indexes {@code 0 .. ceil(s / c) - 1}. A stored chunk holds at most the bytes of its span; bytes
 * past its stored length, and whole chunks its {@link ChunkMap} marks absent, read as zeros.
 *
 * <p>A chunk's stored CRC is {@code CRC32C(data) XOR CRC32C(blob id as 16 bytes || index as 8
 * bytes, big-endian)}: a row moved to another blob or index fails its check like a changed one.
 * Only its low 32 bits count: a dialect may store the same CRC as another integer with those low
 * bits ({@link dev.blobkeep.spi.Dialect#rekeyedCrc}), so that a re-keyed row keeps its stored size.
 *
 * <p>A staged blob's chunk rows are kept at index {@link #STAGED_BASE} on (its chunk {@code i} at
 * index {@code STAGED_BASE + i}), not 0; a staged blob's one chunk kept inline in its row is chunk
 * 0 as any blob's.
 */
final class Chunks {
  private Chunks() {}

  /**
   * Largest content kept inline in the blob's row: small enough that the row stays on one page of a
   * 64 KiB-page SQLite file.
   */
  static final int INLINE_MAX = 32 * 1024;

  /**
   * Where a staged blob's chunk rows start: 128, the first index SQLite stores in two bytes, as it
   * does the indexes of a composed blob from its 129th chunk up to its 32,768th. A compose that
   * moves a part's rows to their final indexes then mostly keeps each row's stored size, which
   * SQLite needs to update the row in place rather than write its whole chunk again.
   */
  static final long STAGED_BASE = 128;

  /**
   * True if a blob of {@code size} bytes is stored inline: its one chunk in the blob's row, not in
   * the chunks table. Such a blob has exactly one chunk and no position inside it (up to its size)
   * lies in another, so every read of it asks for chunk 0.
   */
  static boolean inline(long size, int chunkSize) {
    return size > 0 && size < chunkSize && size <= INLINE_MAX;
  }

  static long count(long size, int chunkSize) {
    return size == 0 ? 0 : (size - 1) / chunkSize + 1;
  }

  /** Length of chunk {@code idx}'s span in a blob of {@code size}. */
  static int span(long size, int chunkSize, long idx) {
    return (int) Math.min(chunkSize, size - idx * chunkSize);
  }

  /** CRC32C of bytes, nothing else. */
  static long crc(byte[] data, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(data, off, len);
    return crc.getValue();
  }

  /** The CRC stored with chunk {@code idx} of blob {@code blobId} holding {@code data}. */
  static long crc(String blobId, long idx, byte[] data) {
    return crc(data, 0, data.length) ^ place(blobId, idx);
  }

  /** The CRC a stored CRC column value stands for: its low 32 bits. */
  static long stored(long column) {
    return column & 0xFFFF_FFFFL;
  }

  /** CRC32C of the blob id (16 bytes) and the index (8 bytes): what ties a row to its place. */
  static long place(String blobId, long idx) {
    UUID id = UUID.fromString(blobId);
    ByteBuffer b = ByteBuffer.allocate(24);
    b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).putLong(idx);
    return crc(b.array(), 0, 24);
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
   * How a blob is named in messages: {@code blob ID}, or {@code blob ID (bucket/key)} when it has a
   * key.
   */
  static String name(String blobId, String bucket, String key) {
    return key == null || bucket == null
        ? "blob " + blobId
        : "blob " + blobId + " (" + bucket + "/" + key + ")";
  }

  /**
   * Checks chunk {@code idx} of a blob as read: its row must exist if and only if the chunk map
   * says so, and a stored chunk must fit its span and match its CRC.
   *
   * @param name the blob as messages name it ({@link #name})
   * @param data the stored bytes, or null if there is no row
   * @param expected whether the chunk map marks the chunk stored
   * @throws BlobCorruptException naming blob and chunk on a mismatch
   */
  static void check(
      String name,
      String blobId,
      long idx,
      byte[] data,
      long storedCrc,
      int span,
      boolean expected) {
    String problem = problem(blobId, idx, data, storedCrc, span, expected);
    if (problem != null) {
      throw new BlobCorruptException(name + " " + problem);
    }
  }

  /**
   * What {@link #check} finds wrong with chunk {@code idx}, as its message goes on after the blob's
   * name ({@code "chunk 3 is missing: ..."}), or null if nothing is: for a caller that looks the
   * blob's name up only when there is something to report.
   */
  static String problem(
      String blobId, long idx, byte[] data, long storedCrc, int span, boolean expected) {
    if (data == null) {
      return expected
          ? "chunk " + idx + " is missing: the chunk map says it is stored, but no row is"
          : null;
    }
    if (!expected) {
      return "chunk " + idx + " is corrupt: a row is stored where the chunk map says there is none";
    }
    if (data.length > span) {
      return "chunk "
          + idx
          + " is corrupt: it holds "
          + data.length
          + " bytes, more than its span of "
          + span;
    }
    long actual = crc(blobId, idx, data);
    if (actual != stored(storedCrc)) {
      return String.format(
          Locale.ROOT,
          "chunk %d is corrupt: CRC32C is %08x, stored %08x (its bytes changed, or the row"
              + " belongs to another blob or index)",
          idx,
          actual,
          stored(storedCrc));
    }
    return null;
  }
}
