package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.reliability.FuzzTally;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import picocli.CommandLine.TypeConversionException;

/**
 * The CLI's size parser ({@link Sizes}) on hostile text: a byte count of at least 0, or picocli's
 * {@link TypeConversionException} (its documented refusal, reported as a usage error) with a
 * one-line message naming the text; never another exception. Numbers round-trip with each suffix.
 */
@AddLifecycleHook(FuzzTally.Watch.class)
class SizesFuzzTest {
  private static final FuzzTally TALLY =
      FuzzTally.of(SizesFuzzTest.class, "hostile input: CLI size parser");

  @Property(tries = 20_000)
  void sizesParseOrRefuseInOneLine(@ForAll("sizes") String text) {
    TALLY.tried();
    try {
      assertThat(Sizes.parse(text)).isNotNegative();
    } catch (TypeConversionException e) {
      TALLY.refusal(e, text);
    }
  }

  @Property(tries = 5_000)
  void numbersWithSuffixesAreExactOrTooLarge(
      @ForAll @LongRange(min = 0) long n, @ForAll("suffix") String suffix) {
    TALLY.tried();
    int power =
        suffix.isEmpty() ? 0 : "KMGTPE".indexOf(Character.toUpperCase(suffix.charAt(0))) + 1;
    long expected;
    try {
      expected = Math.multiplyExact(n, 1L << (10 * power));
    } catch (ArithmeticException e) {
      expected = -1;
    }
    try {
      assertThat(Sizes.parse(n + suffix)).isEqualTo(expected);
    } catch (TypeConversionException e) {
      TALLY.refused();
      assertThat(expected).as("refused %s%s: %s", n, suffix, e.getMessage()).isEqualTo(-1);
      assertThat(e.getMessage()).contains("too large");
    }
  }

  @AfterContainer
  static void record() {
    TALLY.record();
  }

  @Provide
  Arbitrary<String> sizes() {
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .withChars("0123456789KMGTPEkmgtpeBb-+. \u0660\u0966\uff10")
            .ofMaxLength(25),
        Arbitraries.strings().all().ofMaxLength(30),
        Arbitraries.longs().map(l -> Long.toString(l)),
        Arbitraries.strings().numeric().ofMinLength(18).ofMaxLength(40));
  }

  @Provide
  Arbitrary<String> suffix() {
    return Arbitraries.of("", "K", "M", "G", "T", "P", "E", "k", "m", "g", "t", "p", "e");
  }
}
