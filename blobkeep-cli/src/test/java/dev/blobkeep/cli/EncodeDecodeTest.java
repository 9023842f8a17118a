package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code encode} and {@code decode} need no store: one run each, no backend. */
class EncodeDecodeTest {
  @TempDir Path dir;

  private Cli cli() {
    return new Cli(Backends.Backend.SQLITE, dir.resolve("unused.db").toString(), dir);
  }

  @Test
  void encodesStandardInputOrAFileAsHexByDefault() {
    Path file = cli().file("f", new byte[] {0x01, (byte) 0xab});

    assertThat(cli().run(new byte[] {0x01, (byte) 0xab}, "encode").ok().out()).isEqualTo("\\x01ab");
    assertThat(cli().run(new byte[] {0x01}, "encode", "-").ok().out()).isEqualTo("\\x01");
    assertThat(cli().run("encode", file.toString()).ok().out()).isEqualTo("\\x01ab");
    assertThat(cli().run("encode").ok().out()).isEqualTo("\\x");
    assertThat(dir.resolve("unused.db")).doesNotExist();
  }

  @Test
  void encodeAndDecodeDoNotOfferTheDbOptionTheyWouldIgnore() {
    for (String command : new String[] {"encode", "decode"}) {
      assertThat(cli().run(command, "--help").ok().out()).as(command).doesNotContain("--db");
      assertThat(cli().run(command, "--db", "x.db").failure(2))
          .as(command)
          .contains("Unknown option: '--db'");
    }
    assertThat(cli().run("info", "--help").ok().out()).contains("--db");
  }

  @Test
  void encodesEscapeFormat() {
    byte[] bytes = {'a', 0, '\\', (byte) 0x80, '~', ' '};

    assertThat(cli().run(bytes, "encode", "--format", "escape").ok().out())
        .isEqualTo("a\\000\\\\\\200~ ");
  }

  @Test
  void decodesBothFormatsAsPostgresAccepts() {
    assertThat(cli().run(ascii("\\x 01 AB\n"), "decode").ok().stdout())
        .isEqualTo(new byte[] {0x01, (byte) 0xab});
    assertThat(cli().run(ascii("a\\000\\\\\\377"), "decode").ok().stdout())
        .isEqualTo(new byte[] {'a', 0, '\\', (byte) 0xff});
    assertThat(cli().run("é\n".getBytes(StandardCharsets.UTF_8), "decode", "-").ok().stdout())
        .isEqualTo("é\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyByteRoundTripsThroughBothFormats() {
    byte[] bytes = TestData.allByteValues(1024);

    for (String format : new String[] {"hex", "escape"}) {
      byte[] text = cli().run(bytes, "encode", "--format", format).ok().stdout();
      assertThat(cli().run(text, "decode").ok().stdout()).as(format).isEqualTo(bytes);
    }
  }

  @Test
  void malformedTextFailsNamingWhereAndWhat() {
    Path file = cli().file("bad.txt", ascii("\\x01g2"));

    assertThat(cli().run(ascii("\\x0g"), "decode").failure(1))
        .isEqualTo("blobkeep: standard input: invalid hexadecimal digit \"g\" at position 3");
    assertThat(cli().run("decode", file.toString()).failure(1))
        .isEqualTo("blobkeep: " + file + ": invalid hexadecimal digit \"g\" at position 4");
    assertThat(cli().run(ascii("\\x012"), "decode").failure(1)).contains("position");
    assertThat(cli().run(ascii("a\\9"), "decode").failure(1)).contains("invalid escape");
  }

  @Test
  void aNonexistentFileFails() {
    Path missing = dir.resolve("missing");

    assertThat(cli().run("decode", missing.toString()).failure(1))
        .isEqualTo("blobkeep: no such file or directory: " + missing);
    assertThat(cli().run("encode", missing.toString()).failure(1))
        .isEqualTo("blobkeep: no such file or directory: " + missing);
  }

  @Test
  void rawIsNotAnEncoding() {
    assertThat(cli().run("encode", "--format", "raw").failure(2))
        .contains("--format must be hex or escape, got raw");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
