package dev.blobkeep.internal;

import dev.blobkeep.InvalidArgumentException;
import java.util.Arrays;

/**
 * Which chunk slots of a blob hold a stored row: the {@code chunk_map} column of the blobs table. A
 * slot whose bit is clear reads as zeros without a row; a slot whose bit is set must have its row,
 * so a lost row is corruption, never zeros.
 *
 * <p>Stored form: NULL means dense (every slot {@code 0 .. count-1} is stored, the common case of a
 * put without zero runs). Otherwise one format byte ({@link #FORMAT}) followed by a bitmap, bit
 * {@code i % 8} (least significant first) of byte {@code 1 + i / 8} set if and only if slot {@code
 * i} is stored; trailing zero bytes are left out, so an allocated blob's map is the format byte
 * alone, whatever its size. The format byte also keeps the value non-empty: SQLite's {@code substr}
 * returns NULL for an empty blob, which would read as dense.
 *
 * <p>Not thread-safe; one instance belongs to one operation.
 */
final class ChunkMap {
  /** The first byte of a stored bitmap. */
  static final byte FORMAT = 1;

  /** Most slots a bitmap can describe (its bytes must fit in an array). */
  static final long MAX_SLOTS = 8L * (Integer.MAX_VALUE - 16);

  /** Bits, or null while dense. Bits at or past {@link #count} are always clear. */
  private byte[] bits;

  private long count;
  private boolean changed;

  private ChunkMap(byte[] bits, long count) {
    this.bits = bits;
    this.count = count;
  }

  /** The map of a blob of {@code count} slots as stored ({@code stored} null means dense). */
  static ChunkMap of(byte[] stored, long count) {
    if (stored == null) {
      return new ChunkMap(null, count);
    }
    byte[] bits = stored.length <= 1 ? new byte[0] : Arrays.copyOfRange(stored, 1, stored.length);
    return new ChunkMap(bits, count);
  }

  /** A map with no slot stored: an allocated blob's, of {@code count} slots. */
  static ChunkMap empty(long count) {
    return new ChunkMap(new byte[0], count);
  }

  /**
   * Whether slot {@code idx} must have a row, from the one byte of the map that holds its bit (as
   * read by {@code substr(chunk_map, bytePosition(idx), 1)}).
   *
   * @param mapByte null if the map is NULL (dense), empty if the bit lies past the stored bytes
   */
  static boolean stored(byte[] mapByte, long idx, long count) {
    if (idx < 0 || idx >= count) {
      return false;
    }
    if (mapByte == null) {
      return true;
    }
    return mapByte.length > 0 && (mapByte[0] & (1 << (idx % 8))) != 0;
  }

  /** The 1-based SQL {@code substr} position of the byte that holds slot {@code idx}'s bit. */
  static long bytePosition(long idx) {
    return idx / 8 + 2;
  }

  /** Number of slots. */
  long count() {
    return count;
  }

  /** True if slot {@code idx} must have a row. */
  boolean has(long idx) {
    if (idx < 0 || idx >= count) {
      return false;
    }
    if (bits == null) {
      return true;
    }
    long b = idx / 8;
    return b < bits.length && (bits[(int) b] & (1 << (idx % 8))) != 0;
  }

  /** Marks slot {@code idx} (below {@link #count()}) stored or not. */
  void set(long idx, boolean stored) {
    if (has(idx) == stored) {
      return;
    }
    materialize(idx + 1);
    int b = (int) (idx / 8);
    bits[b] = (byte) (stored ? bits[b] | (1 << (idx % 8)) : bits[b] & ~(1 << (idx % 8)));
    changed = true;
  }

  /** Adds one slot at the end, stored or not (an upload's next chunk). */
  void append(boolean stored) {
    long idx = count;
    if (bits == null && stored) {
      count++; // still dense
      return;
    }
    materialize(idx + 1); // a dense map becomes bits for its slots so far
    count++;
    if (stored) {
      bits[(int) (idx / 8)] |= (byte) (1 << (idx % 8));
    }
    changed = true;
  }

  /** Sets the number of slots: slots past a smaller count are dropped, new slots are not stored. */
  void resize(long newCount) {
    if (newCount == count) {
      return;
    }
    if (newCount > count) {
      materialize(0); // the new slots are absent: no longer dense
    } else if (bits != null) {
      long keepBytes = (newCount + 7) / 8;
      if (keepBytes < bits.length) {
        bits = Arrays.copyOf(bits, (int) keepBytes);
      }
      if (newCount % 8 != 0 && keepBytes > 0 && keepBytes <= bits.length) {
        int last = (int) (keepBytes - 1);
        bits[last] = (byte) (bits[last] & ((1 << (newCount % 8)) - 1));
      }
    }
    count = newCount;
    changed = true;
  }

  /** True if {@link #set}, {@link #append} or {@link #resize} changed the map. */
  boolean changed() {
    return changed;
  }

  /** The column value: null if every slot is stored, else the format byte and the bitmap. */
  byte[] stored() {
    if (bits == null) {
      return null;
    }
    int used = bits.length;
    while (used > 0 && bits[used - 1] == 0) {
      used--;
    }
    if (used * 8L >= count && allSet(used)) {
      return null;
    }
    byte[] out = new byte[used + 1];
    out[0] = FORMAT;
    System.arraycopy(bits, 0, out, 1, used);
    return out;
  }

  private boolean allSet(int used) {
    for (long i = 0; i < count; i++) {
      if ((bits[(int) (i / 8)] & (1 << (i % 8))) == 0) {
        return false;
      }
    }
    return used * 8L >= count;
  }

  /** Turns a dense map into bits, and makes room for {@code slots} slots. */
  private void materialize(long slots) {
    if (Math.max(slots, bits == null ? count : 0) > MAX_SLOTS) {
      throw new InvalidArgumentException(
          "blob of " + count + " chunks is too large for a chunk map of " + MAX_SLOTS + " chunks");
    }
    if (bits == null) {
      bits = new byte[(int) ((count + 7) / 8)];
      Arrays.fill(bits, 0, (int) (count / 8), (byte) 0xff);
      if (count % 8 != 0) {
        bits[bits.length - 1] = (byte) ((1 << (count % 8)) - 1);
      }
    }
    long need = (slots + 7) / 8;
    if (need > bits.length) {
      bits = Arrays.copyOf(bits, (int) Math.max(need, Math.min(2L * bits.length, MAX_SLOTS / 8)));
    }
  }
}
