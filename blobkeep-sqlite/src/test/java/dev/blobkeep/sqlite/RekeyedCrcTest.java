package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CRC SQLite's dialect stores for a re-keyed chunk row: always the CRC in its low 32 bits, and
 * of the width that keeps the row's size whenever the index's width changes by an even number of
 * bytes; SQLite's integer widths at their boundaries.
 */
class RekeyedCrcTest {
  private final SqliteDialect dialect = new SqliteDialect(null, false);

  @Test
  void integerWidthsAreSqlitesAtEveryBoundary() {
    assertThat(IntegerWidth.of(0)).isZero();
    assertThat(IntegerWidth.of(1)).isZero();
    assertThat(IntegerWidth.of(2)).isEqualTo(1);
    assertThat(IntegerWidth.of(-1)).isEqualTo(1);
    assertThat(IntegerWidth.of(127)).isEqualTo(1);
    assertThat(IntegerWidth.of(128)).isEqualTo(2);
    assertThat(IntegerWidth.of(-128)).isEqualTo(1);
    assertThat(IntegerWidth.of(-129)).isEqualTo(2);
    assertThat(IntegerWidth.of(32767)).isEqualTo(2);
    assertThat(IntegerWidth.of(32768)).isEqualTo(3);
    assertThat(IntegerWidth.of(8388607)).isEqualTo(3);
    assertThat(IntegerWidth.of(8388608)).isEqualTo(4);
    assertThat(IntegerWidth.of(Integer.MAX_VALUE)).isEqualTo(4);
    assertThat(IntegerWidth.of(1L << 31)).isEqualTo(6);
    assertThat(IntegerWidth.of(Integer.MIN_VALUE)).isEqualTo(4);
    assertThat(IntegerWidth.of((1L << 47) - 1)).isEqualTo(6);
    assertThat(IntegerWidth.of(1L << 47)).isEqualTo(8);
    assertThat(IntegerWidth.of(Long.MIN_VALUE)).isEqualTo(8);
  }

  @Test
  void aRekeyedCrcKeepsItsLowBitsAndTheRowsSizeWhenTheIndexWidthChangesEvenly() {
    Random random = new Random(11);
    long[][] moves = {{128, 130}, {130, 4095}, {128 + 31, 32767}, {129, 0}, {129, 1}, {128, 40000}};
    int kept = 0;
    int tries = 0;
    for (long[] move : moves) {
      for (int i = 0; i < 2000; i++) {
        long oldStored = random.nextLong() & 0xFFFF_FFFFL;
        long crc = random.nextLong() & 0xFFFF_FFFFL;
        long stored = dialect.rekeyedCrc(oldStored, move[0], move[1], crc);
        assertThat(stored & 0xFFFF_FFFFL).isEqualTo(crc);
        int before = IntegerWidth.of(oldStored) + IntegerWidth.of(move[0]);
        int after = IntegerWidth.of(stored) + IntegerWidth.of(move[1]);
        tries++;
        if (before == after) {
          kept++;
        }
      }
    }
    // index widths: 2 -> 2 three times, 2 -> 0 twice (the CRC takes 2 bytes more), 2 -> 3 once
    // (an odd difference: the size changes, unless the new CRC happens to fit in 3 bytes)
    assertThat(kept).isGreaterThanOrEqualTo(tries * 5 / 6 - 50).isLessThan(tries);
  }
}
