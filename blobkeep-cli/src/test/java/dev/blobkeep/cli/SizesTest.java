package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class SizesTest {
  @Test
  void plainNumbersAreBytes() {
    assertThat(Sizes.parse("0")).isZero();
    assertThat(Sizes.parse("4096")).isEqualTo(4096);
    assertThat(Sizes.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void suffixesAreBinaryMultiplesInEitherCase() {
    assertThat(Sizes.parse("64K")).isEqualTo(64 * 1024);
    assertThat(Sizes.parse("64k")).isEqualTo(64 * 1024);
    assertThat(Sizes.parse("10M")).isEqualTo(10L << 20);
    assertThat(Sizes.parse("1G")).isEqualTo(1L << 30);
    assertThat(Sizes.parse("2t")).isEqualTo(2L << 40);
    assertThat(Sizes.parse("7E")).isEqualTo(7L << 60);
  }

  @Test
  void negativeGarbageAndOverflowAreRefusedNamingTheText() {
    assertRefused("-1", "size '-1' is negative");
    assertRefused("-5K", "size '-5K' is negative");
    assertRefused("", "size is empty (examples: 4096, 64K, 10M, 1G)");
    assertRefused("K", "size 'K' is not a number of bytes (examples: 4096, 64K, 10M, 1G)");
    assertRefused("12X", "size '12X' is not a number of bytes (examples: 4096, 64K, 10M, 1G)");
    assertRefused("1.5M", "size '1.5M' is not a number of bytes (examples: 4096, 64K, 10M, 1G)");
    assertRefused(" 1", "size ' 1' is not a number of bytes (examples: 4096, 64K, 10M, 1G)");
    assertRefused("10MB", "size '10MB' is not a number of bytes (examples: 4096, 64K, 10M, 1G)");
    assertRefused("8E", "size '8E' is too large (at most 9223372036854775807 bytes)");
    assertRefused(
        "9223372036854775808",
        "size '9223372036854775808' is too large (at most 9223372036854775807 bytes)");
    assertRefused(
        "99999999999999999999K",
        "size '99999999999999999999K' is too large (at most 9223372036854775807 bytes)");
  }

  @Test
  void humanSizesUseBinaryUnits() {
    assertThat(Sizes.human(0)).isEqualTo("0 B");
    assertThat(Sizes.human(1023)).isEqualTo("1023 B");
    assertThat(Sizes.human(1536)).isEqualTo("1.5 KiB");
    assertThat(Sizes.human(10L << 20)).isEqualTo("10.0 MiB");
    assertThat(Sizes.human(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
  }

  private static void assertRefused(String text, String message) {
    assertThatThrownBy(() -> Sizes.parse(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage(message);
  }
}
