package dev.blobkeep.sqlite;

/**
 * How many bytes SQLite's record format stores an integer in (schema format 4, SQLite's default
 * since 3.7.10): none for 0 and 1 (their serial types say the value), else the fewest of 1, 2, 3,
 * 4, 6 or 8 bytes that hold it in two's complement.
 */
final class IntegerWidth {
  private IntegerWidth() {}

  static int of(long v) {
    if (v == 0 || v == 1) {
      return 0;
    }
    for (int bytes : new int[] {1, 2, 3, 4, 6}) {
      long limit = 1L << (8 * bytes - 1);
      if (v >= -limit && v < limit) {
        return bytes;
      }
    }
    return 8;
  }
}
