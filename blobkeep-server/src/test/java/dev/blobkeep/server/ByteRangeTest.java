package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

  static Object parse(String header, long size) {
    return ByteRange.parse(header, size);
  }

  static ByteRange.Satisfiable range(long first, long last) {
    return new ByteRange.Satisfiable(new ByteRange(first, last));
  }

  @Test
  void readsTheThreeFormsOfARange() {
    assertThat(parse("bytes=0-499", 1000)).isEqualTo(range(0, 499));
    assertThat(parse("bytes=500-", 1000)).isEqualTo(range(500, 999));
    assertThat(parse("bytes=-200", 1000)).isEqualTo(range(800, 999));
    assertThat(parse("BYTES = 1-2", 1000)).isEqualTo(range(1, 2));
  }

  @Test
  void clampsPastTheEndAndLongSuffixes() {
    assertThat(parse("bytes=990-5000", 1000)).isEqualTo(range(990, 999));
    assertThat(parse("bytes=-5000", 1000)).isEqualTo(range(0, 999));
    assertThat(parse("bytes=0-99999999999999999999999", 10)).isEqualTo(range(0, 9));
  }

  @Test
  void firstPositionAtOrPastTheEndAndAZeroSuffixAreUnsatisfiable() {
    assertThat(parse("bytes=1000-", 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(parse("bytes=99999999999999999999-", 1000))
        .isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(parse("bytes=-0", 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(parse("bytes=0-0", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
  }

  @Test
  void aSuffixOfAnEmptyBlobServesTheWhole() {
    assertThat(parse("bytes=-5", 0)).isInstanceOf(ByteRange.Ignore.class);
  }

  @Test
  void invalidOrSeveralRangesAreIgnored() {
    for (String h :
        new String[] {
          "bytes=5-1",
          "bytes=",
          "bytes=x-1",
          "bytes=1-x",
          "bytes=-",
          "bytes=0-1,3-4",
          "lines=0-1",
          "bytes",
          "bytes=+1-2",
          "bytes=1--2"
        }) {
      assertThat(parse(h, 1000)).as(h).isInstanceOf(ByteRange.Ignore.class);
    }
    assertThat(parse(null, 1000)).isInstanceOf(ByteRange.Ignore.class);
  }

  @Test
  void contentRangeNamesFirstLastAndSize() {
    assertThat(new ByteRange(2, 4).contentRange(10)).isEqualTo("bytes 2-4/10");
    assertThat(new ByteRange(2, 4).length()).isEqualTo(3);
  }
}
