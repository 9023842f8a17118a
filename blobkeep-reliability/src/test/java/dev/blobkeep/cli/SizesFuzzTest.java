package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;
import picocli.CommandLine.TypeConversionException;

/**
 * The CLI's size parser ({@link Sizes}) on hostile text: a byte count of at least 0, or picocli's
 * {@link TypeConversionException} (its documented refusal, reported as a usage error) with a
 * one-line message naming the text; never another exception. Numbers round-trip with each suffix.
 */
class SizesFuzzTest {
  private static final long T0 = System.nanoTime();
  private static final java.util.concurrent.atomic.AtomicLong TRIES =
      new java.util.concurrent.atomic.AtomicLong();
  private static final java.util.concurrent.atomic.AtomicLong REFUSED =
      new java.util.concurrent.atomic.AtomicLong();

  @Property(tries = 20_000)
  void sizesParseOrRefuseInOneLine(@ForAll("sizes") String text) {
    TRIES.incrementAndGet();
    try {
      assertThat(Sizes.parse(text)).isNotNegative();
    } catch (TypeConversionException e) {
      REFUSED.incrementAndGet();
      // Known bug (KnownBugsTest): the text is echoed raw, line breaks included.
      assertThat(dev.blobkeep.reliability.FuzzTally.withoutEchoedLineBreaks(e.getMessage(), text))
          .isNotBlank()
          .doesNotContain("\n")
          .doesNotContain("\r");
    }
  }

  @Property(tries = 5_000)
  void numbersWithSuffixesAreExactOrTooLarge(
      @ForAll @LongRange(min = 0) long n, @ForAll("suffix") String suffix) {
    TRIES.incrementAndGet();
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
      REFUSED.incrementAndGet();
      assertThat(expected).as("refused %s%s: %s", n, suffix, e.getMessage()).isEqualTo(-1);
      assertThat(e.getMessage()).contains("too large");
    }
  }

  @AfterContainer
  static void record() {
    dev.blobkeep.reliability.FuzzFigures.record(
        "hostile input: CLI size parser", REFUSED.get(), TRIES.get(), T0);
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
