package dev.blobkeep.bytea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.InvalidArgumentException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteaTest {

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void hexIsPrefixedLowerCaseDigitPairs() {
    assertThat(Bytea.encode(bytes(0, 1, 0xab, 0xff), Format.HEX)).isEqualTo("\\x0001abff");
    assertThat(Bytea.encode(new byte[0], Format.HEX)).isEqualTo("\\x");
  }

  @Test
  void escapeKeepsPrintableAsciiDoublesBackslashAndOctalsTheRest() {
    byte[] in = bytes('a', ' ', '~', '\'', '"', '\\', 0, 0x1f, 0x7f, 0x80, 0xff, '\n');
    assertThat(Bytea.encode(in, Format.ESCAPE))
        .isEqualTo("a ~'\"\\\\\\000\\037\\177\\200\\377\\012");
    assertThat(Bytea.encode(new byte[0], Format.ESCAPE)).isEmpty();
  }

  @Test
  void sqlLiteralIsHexInQuotesWithCast() {
    assertThat(Bytea.sqlLiteral(bytes(1, 2))).isEqualTo("'\\x0102'::bytea");
    assertThat(Bytea.sqlLiteral(new byte[0])).isEqualTo("'\\x'::bytea");
  }

  @Test
  void decodesHexWithWhitespaceBetweenPairsAndEitherCase() {
    assertThat(Bytea.decode("\\x 0a\tBc\r\n ff ")).isEqualTo(bytes(0x0a, 0xbc, 0xff));
    assertThat(Bytea.decode("\\x")).isEmpty();
  }

  @Test
  void decodesEscapeFormat() {
    assertThat(Bytea.decode("")).isEmpty();
    assertThat(Bytea.decode("a\\\\b\\000\\377\\101"))
        .isEqualTo(bytes('a', '\\', 'b', 0, 0xff, 'A'));
  }

  @Test
  void escapeFormatTakesNonAsciiAsUtf8() {
    assertThat(Bytea.decode("é€😀")).isEqualTo("é€😀".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void formatOfLooksAtTheLowerCaseXPrefixOnly() {
    assertThat(Bytea.formatOf("\\x00")).isEqualTo(Format.HEX);
    assertThat(Bytea.formatOf("\\X00")).isEqualTo(Format.ESCAPE);
    assertThat(Bytea.formatOf("\\")).isEqualTo(Format.ESCAPE);
    assertThat(Bytea.formatOf("")).isEqualTo(Format.ESCAPE);
  }

  @Test
  void errorsNameProblemTextAndPosition() {
    assertError("\\x012g", "invalid hexadecimal digit \"g\" at position 5", 5, "g");
    assertError("\\x0 1", "invalid hexadecimal digit \" \" at position 3", 3, " ");
    assertError("\\x0\n1", "invalid hexadecimal digit \"\\n\" at position 3", 3, "\\n");
    assertError("\\x\u000b", "invalid hexadecimal digit \"\\u000b\" at position 2", 2, "\\u000b");
    assertError(
        "\\x 01 2", "odd number of hexadecimal digits: unpaired digit \"2\" at position 6", 6, "2");
    assertError(
        "ab\\8", "invalid escape \"\\8\" at position 2 (use \\\\ or \\000 to \\377)", 2, "\\8");
    assertError(
        "\\400", "invalid escape \"\\4\" at position 0 (use \\\\ or \\000 to \\377)", 0, "\\4");
    assertError(
        "x\\12a",
        "invalid escape \"\\12a\" at position 1 (use \\\\ or \\000 to \\377)",
        1,
        "\\12a");
    assertError(
        "ab\\", "invalid escape \"\\\" at position 2 (use \\\\ or \\000 to \\377)", 2, "\\");
    assertError("\\", "invalid escape \"\\\" at position 0 (use \\\\ or \\000 to \\377)", 0, "\\");
    assertError(
        "\\03", "invalid escape \"\\03\" at position 0 (use \\\\ or \\000 to \\377)", 0, "\\03");
    assertError(
        "\\X01", "invalid escape \"\\X\" at position 0 (use \\\\ or \\000 to \\377)", 0, "\\X");
  }

  @Test
  void refusesNulAndUnpairedSurrogates() {
    assertError(
        "ab\0",
        "invalid character \"\\u0000\" at position 2 (PostgreSQL text cannot contain NUL)",
        2,
        "\\u0000");
    assertError(
        "a\ud83dx",
        "invalid character \"\\ud83d\" at position 1 (unpaired surrogate)",
        1,
        "\\ud83d");
    assertError(
        "a\ude00",
        "invalid character \"\\ude00\" at position 1 (unpaired surrogate)",
        1,
        "\\ude00");
    assertError(
        "a\ud83d",
        "invalid character \"\\ud83d\" at position 1 (unpaired surrogate)",
        1,
        "\\ud83d");
  }

  @Test
  void formatErrorIsAnInvalidArgument() {
    assertThatThrownBy(() -> Bytea.decode("\\x0")).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void streamingDecoderWrapsTheFormatErrorAndKeepsFailing() throws IOException {
    InputStream in = Bytea.decoder(ShortReads.reader(new StringReader("\\x0102zz"), 1, 1));
    assertThat(in.read()).isEqualTo(1);
    assertThat(in.read()).isEqualTo(2);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(in::read)
          .isInstanceOf(IOException.class)
          .hasMessage("invalid hexadecimal digit \"z\" at position 6")
          .cause()
          .isInstanceOf(ByteaFormatException.class);
    }
  }

  @Test
  void byteDecoderChecksUtf8AndCountsBytes() throws IOException {
    byte[] good = "é\\\\€".getBytes(StandardCharsets.UTF_8);
    assertThat(Bytea.decoder(new ByteArrayInputStream(good)).readAllBytes())
        .isEqualTo("é\\€".getBytes(StandardCharsets.UTF_8));
    assertByteInputError(
        bytes('a', 'b', 0xff), "invalid UTF-8 sequence starting with \"<0xff>\" at position 2", 2);
    assertByteInputError(
        bytes('a', 0xc3, 'a'), "invalid UTF-8 sequence starting with \"<0xc3>\" at position 1", 1);
    assertByteInputError(
        bytes(0xe0, 0x80, 0x80),
        "invalid UTF-8 sequence starting with \"<0xe0>\" at position 0",
        0);
    assertByteInputError(
        bytes(0xed, 0xa0, 0x80),
        "invalid UTF-8 sequence starting with \"<0xed>\" at position 0",
        0);
    assertByteInputError(
        bytes('a', 0xe2, 0x82), "invalid UTF-8 sequence starting with \"<0xe2>\" at position 1", 1);
    assertByteInputError(
        bytes('\\', 'x', 0xc3, 0xa9), "invalid hexadecimal digit \"<0xc3>\" at position 2", 2);
  }

  @Test
  void encoderWritesPrefixEvenForEmptyInputAndFinishKeepsTargetOpen() throws IOException {
    StringWriter w = new StringWriter();
    try (ByteaOutputStream out = Bytea.encoder(w, Format.HEX)) {
      out.finish();
      out.finish();
      assertThat(w).hasToString("\\x");
      assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    }
    w.write(" and more");
    assertThat(w).hasToString("\\x and more");
  }

  @Test
  void sqlLiteralEncoderWritesQuotesAndCast() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (ByteaOutputStream out = Bytea.sqlLiteralEncoder(sink)) {
      out.write(bytes(0xde, 0xad));
      out.write(0xbe);
      out.write(bytes(0, 0xef, 0), 1, 1);
    }
    assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("'\\xdeadbeef'::bytea");
    StringWriter w = new StringWriter();
    Bytea.sqlLiteralEncoder(w).close();
    assertThat(w).hasToString("'\\x'::bytea");
  }

  @Test
  void closeIsIdempotentAndClosesTarget() throws IOException {
    StringWriter w = new StringWriter();
    ByteaOutputStream out = Bytea.encoder(w, Format.ESCAPE);
    out.write('\\');
    out.close();
    out.close();
    assertThat(w).hasToString("\\\\");
    assertThatThrownBy(out::flush)
        .isInstanceOf(IOException.class)
        .hasMessage("bytea stream is closed");
  }

  private static void assertError(String text, String message, long position, String offending) {
    assertThatThrownBy(() -> Bytea.decode(text))
        .isInstanceOfSatisfying(
            ByteaFormatException.class,
            e -> {
              assertThat(e).hasMessage(message);
              assertThat(e.position()).isEqualTo(position);
              assertThat(e.text()).isEqualTo(offending);
            });
  }

  private static void assertByteInputError(byte[] text, String message, long position) {
    InputStream in = Bytea.decoder(new ByteArrayInputStream(text));
    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(IOException.class)
        .hasMessage(message)
        .cause()
        .isInstanceOfSatisfying(
            ByteaFormatException.class, e -> assertThat(e.position()).isEqualTo(position));
  }
}
