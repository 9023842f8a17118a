package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.bytea.Bytea;
import dev.blobkeep.bytea.ByteaFormatException;
import dev.blobkeep.bytea.Format;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The bytea decoders on hostile text: {@link Bytea#decode} returns bytes or throws {@link
 * ByteaFormatException} with a one-line message, never anything else; the streaming decoders (over
 * a {@link Reader} returning short reads, and over UTF-8 bytes) agree with it byte for byte and
 * fail where it fails, with the same message (positions differ only for non-ASCII UTF-8 input).
 */
@AddLifecycleHook(FuzzTally.Watch.class)
class ByteaFuzzTest {
  private static final FuzzTally TALLY =
      FuzzTally.of(ByteaFuzzTest.class, "hostile input: bytea decoders (3 ways)");
  private static final int TRIES = 30_000;

  @Property(tries = TRIES)
  void decodersAgreeAndRefuseOnlyWithByteaFormatException(@ForAll("byteaText") String text) {
    TALLY.tried();
    byte[] whole = null;
    ByteaFormatException refused = null;
    try {
      whole = Bytea.decode(text);
    } catch (ByteaFormatException e) {
      refused = e;
      TALLY.refusal(e, text);
    }
    Outcome reader = stream(Bytea.decoder(new ShortReader(text, text.hashCode())));
    check("Reader decoder", text, whole, refused, reader, true);
    if (isWellFormed(text)) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      Outcome bytes = stream(Bytea.decoder(new ByteArrayInputStream(utf8)));
      check("UTF-8 decoder", text, whole, refused, bytes, utf8.length == text.length());
    }
  }

  @Property(tries = 5_000)
  void encodedBytesDecodeBack(@ForAll byte[] bytes, @ForAll Format format) {
    TALLY.tried();
    assertThat(Bytea.decode(Bytea.encode(bytes, format))).isEqualTo(bytes);
    TALLY.compared(bytes.length);
  }

  @AfterContainer
  static void record() {
    TALLY.record();
  }

  @Provide
  Arbitrary<String> byteaText() {
    Arbitrary<String> hexBody = Hostile.from("0123456789abcdefABCDEFgx \t\n\r\\\u0000é", 60);
    Arbitrary<String> escapeBody =
        Hostile.from("\\01234567389ab \u0000é\ud800\udc00\ud83d\ude00'", 60);
    return Arbitraries.oneOf(
        hexBody.map(s -> "\\x" + s),
        escapeBody,
        Hostile.strings(300),
        Hostile.strings(40).map(s -> "\\x" + s));
  }

  private record Outcome(byte[] bytes, Throwable failure) {}

  private static Outcome stream(InputStream in) {
    try (in) {
      return new Outcome(in.readAllBytes(), null);
    } catch (IOException e) {
      return new Outcome(null, e);
    } catch (RuntimeException e) {
      return new Outcome(null, e);
    }
  }

  private static void check(
      String which,
      String text,
      byte[] whole,
      ByteaFormatException refused,
      Outcome streamed,
      boolean samePositions) {
    String input = FuzzTally.show(text);
    if (refused == null) {
      assertThat(streamed.failure()).as("%s on %s", which, input).isNull();
      assertThat(streamed.bytes()).as("%s on %s", which, input).isEqualTo(whole);
      TALLY.compared(whole.length);
      return;
    }
    assertThat(streamed.failure())
        .as("%s on %s, which decode refused: %s", which, input, refused.getMessage())
        .isInstanceOf(IOException.class)
        .hasCauseInstanceOf(ByteaFormatException.class);
    if (samePositions) {
      assertThat(streamed.failure().getCause().getMessage())
          .as("%s on %s", which, input)
          .isEqualTo(refused.getMessage());
    }
  }

  /** True if the text has no unpaired surrogate (it has an exact UTF-8 form). */
  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** A reader returning 1 to 7 characters per read, so pieces split pairs and escapes. */
  private static final class ShortReader extends Reader {
    private final StringReader in;
    private final Random random;

    ShortReader(String text, long seed) {
      this.in = new StringReader(text);
      this.random = new Random(seed);
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      return in.read(buf, off, Math.min(len, 1 + random.nextInt(7)));
    }

    @Override
    public void close() {
      in.close();
    }
  }
}
