package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobRef;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for a bug the suite found: refusal messages echoed the caller's input raw, so a
 * line break in a name, key, prefix, field, content type, JSON text or size broke the one-line
 * message {@code BlobkeepException} promises (and let a key forge a second line, such as a header).
 * They guard that each such refusal quotes the input on one line, whatever line break it holds
 * ({@code \n}, {@code \r}, U+0085, U+2028, U+2029). The fuzz tests check the same on random input
 * with no allowance for echoed line breaks.
 */
class OneLineRefusalRegressionTest {
  @Test
  void refusedNamesAreQuotedOnOneLine() {
    oneLine(() -> BlobRef.parse("a\nb"));
    oneLine(() -> PutOptions.at("a\nb", "k"));
    oneLine(() -> PutOptions.at("b", "k\r\nSet-Cookie: x=1"));
    oneLine(() -> Query.all().prefix("p\n"));
    oneLine(() -> Query.all().where("f\nx", 1));
    oneLine(() -> PutOptions.defaults().contentType("text/pl\nain"));
    oneLine(() -> PutOptions.defaults().metaJson("{\"\\n\": 1}"));
    oneLine(() -> BlobRef.parse("a\u2028b"));
    oneLine(() -> PutOptions.at("b\u0085", "k"));
    oneLine(() -> Query.all().prefix("p\u2029\0"));
  }

  @Test
  void refusedSizesAreQuotedOnOneLine() {
    for (String size : new String[] {"1\n2", "1\r\n", "2\u2028K", "3\u0085"}) {
      assertThatThrownBy(() -> Sizes.parse(size)).satisfies(e -> assertNoLineBreak(e.getMessage()));
    }
  }

  private static void oneLine(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(InvalidArgumentException.class)
        .satisfies(e -> assertNoLineBreak(e.getMessage()));
  }

  /** No line break of any kind: {@code \n}, {@code \r}, U+0085, U+2028, U+2029. */
  private static void assertNoLineBreak(String message) {
    assertThat(message).isNotBlank().doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029");
  }
}
