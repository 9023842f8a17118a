package dev.blobkeep.bytea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ByteaPropertiesTest {

  @Property
  void wholeRoundTripsInBothFormats(@ForAll @Size(max = 600) byte[] bytes, @ForAll Format format) {
    assertThat(Bytea.decode(Bytea.encode(bytes, format))).isEqualTo(bytes);
  }

  @Property
  void escapeOutputFollowsTheRulePerByte(@ForAll @Size(max = 200) byte[] bytes) {
    StringBuilder expected = new StringBuilder();
    for (byte b : bytes) {
      int v = b & 0xff;
      if (v == '\\') {
        expected.append("\\\\");
      } else if (v >= 0x20 && v <= 0x7e) {
        expected.append((char) v);
      } else {
        expected.append('\\').append(String.format("%03o", v));
      }
    }
    assertThat(Bytea.encode(bytes, Format.ESCAPE)).isEqualTo(expected.toString());
  }

  @Property
  void hexOutputIsTwoLowerCaseDigitsPerByte(@ForAll @Size(max = 200) byte[] bytes) {
    String text = Bytea.encode(bytes, Format.HEX);
    assertThat(text).hasSize(2 + 2 * bytes.length).matches("\\\\x[0-9a-f]*");
    for (int i = 0; i < bytes.length; i++) {
      assertThat(Integer.parseInt(text.substring(2 + 2 * i, 4 + 2 * i), 16))
          .isEqualTo(bytes[i] & 0xff);
    }
  }

  @Property(tries = 200)
  void streamingEncoderWithOddWritesMatchesWholeEncoding(
      @ForAll @Size(max = 40_000) byte[] bytes, @ForAll Format format, @ForAll long seed)
      throws IOException {
    Random random = new Random(seed);
    StringWriter w = new StringWriter();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (ByteaOutputStream toWriter = Bytea.encoder(w, format);
        ByteaOutputStream toStream = Bytea.encoder(sink, format)) {
      for (int off = 0; off < bytes.length; ) {
        int n = Math.min(bytes.length - off, random.nextInt(20_000));
        if (n == 1 && random.nextBoolean()) {
          toWriter.write(bytes[off]);
          toStream.write(bytes[off]);
        } else {
          toWriter.write(bytes, off, n);
          toStream.write(bytes, off, n);
        }
        off += n;
      }
    }
    String whole = Bytea.encode(bytes, format);
    assertThat(w.toString()).isEqualTo(whole);
    assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo(whole);
  }

  @Property(tries = 200)
  void streamingDecoderWithShortReadsMatchesWholeDecoding(
      @ForAll @Size(max = 40_000) byte[] bytes,
      @ForAll Format format,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 9000) int maxRead)
      throws IOException {
    String text = Bytea.encode(bytes, format);
    try (InputStream fromChars =
            Bytea.decoder(ShortReads.reader(new StringReader(text), seed, maxRead));
        InputStream fromBytes =
            Bytea.decoder(
                ShortReads.stream(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
                    seed,
                    maxRead))) {
      assertThat(readOddly(fromChars, seed)).isEqualTo(bytes);
      assertThat(readOddly(fromBytes, seed)).isEqualTo(bytes);
    }
  }

  @Property
  void hexWhitespaceBetweenPairsIsIgnored(
      @ForAll @Size(max = 100) byte[] bytes, @ForAll("whitespace") String gap, @ForAll long seed) {
    Random random = new Random(seed);
    String hex = Bytea.encode(bytes, Format.HEX).substring(2);
    StringBuilder text = new StringBuilder("\\x");
    for (int i = 0; i < hex.length(); i += 2) {
      text.append(random.nextBoolean() ? gap : "").append(hex, i, i + 2);
    }
    text.append(gap);
    assertThat(Bytea.decode(text)).isEqualTo(bytes);
  }

  @Property
  void whitespaceInsideAPairIsRefusedAtItsPosition(
      @ForAll @Size(min = 1, max = 50) byte[] bytes,
      @ForAll("whitespace") String gap,
      @ForAll @IntRange(min = 0, max = 49) int pair) {
    int p = pair % bytes.length;
    String hex = Bytea.encode(bytes, Format.HEX);
    int at = 2 + 2 * p + 1;
    String text = hex.substring(0, at) + gap + hex.substring(at);
    assertThatThrownBy(() -> Bytea.decode(text))
        .isInstanceOfSatisfying(
            ByteaFormatException.class, e -> assertThat(e.position()).isEqualTo(at));
  }

  @Property
  void escapeTextOfAnyUnicodeDecodesToItsUtf8(@ForAll("unicodeWithoutBackslash") String s) {
    assertThat(Bytea.decode(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> whitespace() {
    return Arbitraries.of(' ', '\t', '\n', '\r')
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .map(
            chars -> {
              StringBuilder b = new StringBuilder();
              chars.forEach(b::append);
              return b.toString();
            });
  }

  @Provide
  Arbitrary<String> unicodeWithoutBackslash() {
    return Arbitraries.integers()
        .between(1, Character.MAX_CODE_POINT)
        .filter(cp -> cp != '\\' && (cp < 0xd800 || cp > 0xdfff))
        .list()
        .ofMaxSize(50)
        .map(
            cps -> {
              StringBuilder b = new StringBuilder();
              cps.forEach(b::appendCodePoint);
              return b.toString();
            });
  }

  /** Reads everything with a mix of one-byte reads and odd-sized array reads. */
  private static byte[] readOddly(InputStream in, long seed) throws IOException {
    Random random = new Random(~seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[777];
    while (true) {
      if (random.nextInt(4) == 0) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        out.write(b);
      } else {
        int n = in.read(buf, 3, 1 + random.nextInt(buf.length - 3));
        if (n < 0) {
          break;
        }
        assertThat(n).isPositive();
        out.write(buf, 3, n);
      }
    }
    return out.toByteArray();
  }
}
