package dev.blobkeep.bytea;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares the codec with a real PostgreSQL server ({@link PgServer}): what it prints, what it
 * accepts and what it refuses. The server's answers are asked for here, never written down.
 */
class ByteaServerTest {
  private static final long SEED = System.nanoTime();
  private static final Pattern SERVER_HEX_DIGIT =
      Pattern.compile("invalid hexadecimal digit: \"(.)\"", Pattern.DOTALL);

  private static Connection connection;

  @BeforeAll
  static void connect() {
    connection = PgServer.connect();
  }

  @AfterAll
  static void disconnect() throws SQLException {
    if (connection != null) {
      connection.close();
    }
  }

  @Test
  void encodingEqualsServerOutputInBothSettings() throws SQLException {
    List<byte[]> inputs = randomInputs(new Random(SEED), 250);
    for (Format format : Format.values()) {
      for (byte[] bytes : inputs) {
        assertThat(Bytea.encode(bytes, format))
            .as("%s of %s (seed %d)", format, Arrays.toString(bytes), SEED)
            .isEqualTo(serverText(bytes, format));
      }
    }
  }

  @Test
  void serverOutputDecodesToTheOriginalBytes() throws SQLException, IOException {
    List<byte[]> inputs = randomInputs(new Random(SEED + 1), 250);
    for (Format format : Format.values()) {
      for (byte[] bytes : inputs) {
        String text = serverText(bytes, format);
        assertThat(Bytea.decode(text)).as("%s (seed %d)", text, SEED).isEqualTo(bytes);
        assertThat(Bytea.decoder(ShortReads.reader(new StringReader(text), SEED, 7)).readAllBytes())
            .as("streamed %s (seed %d)", text, SEED)
            .isEqualTo(bytes);
      }
    }
  }

  @Test
  void sqlLiteralsEvaluateToTheBytes() throws SQLException, IOException {
    for (byte[] bytes : randomInputs(new Random(SEED + 2), 50)) {
      StringWriter streamed = new StringWriter();
      try (ByteaOutputStream out = Bytea.sqlLiteralEncoder(streamed)) {
        out.write(bytes);
      }
      assertThat(streamed.toString()).isEqualTo(Bytea.sqlLiteral(bytes));
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT " + Bytea.sqlLiteral(bytes))) {
        rs.next();
        assertThat(rs.getBytes(1)).isEqualTo(bytes);
      }
    }
  }

  static Stream<String> trickyInputs() {
    return Stream.of(
        "",
        "\\x",
        "\\X",
        "\\X01",
        "\\x01",
        "\\xAbCd",
        "\\x0",
        "\\x012",
        "\\x 01 02 ",
        "\\x\t01\n02\r03",
        "\\x0 1",
        "\\x0\n1",
        "\\x01\f02",
        "\\x01\u000b02",
        "\\x0g",
        "\\xg0",
        "\\x-1",
        "\\x\\x",
        "\\x01x",
        "\\x1\\",
        "\\xé",
        " \\x01",
        "x\\x01",
        "a\\x01",
        "\\\\x01",
        "\\",
        "a\\",
        "\\\\",
        "\\000",
        "\\377",
        "\\400",
        "\\7777",
        "\\3777",
        "\\8",
        "\\08",
        "\\0",
        "\\12",
        "\\12a",
        "\\é",
        "abc\\101\\\\def",
        "é€😀",
        "'quoted' \"double\"",
        "tab\there",
        "\\x0102\\");
  }

  @ParameterizedTest
  @MethodSource("trickyInputs")
  void acceptsAndRefusesExactlyAsTheServer(String text) throws SQLException, IOException {
    assertSameOutcome(text);
  }

  @Test
  void randomTextFromTrickyCharactersHasTheServersOutcome() throws SQLException, IOException {
    String alphabet = "\\\\\\xX0137 \t\n\raAfFg8é'";
    Random random = new Random(SEED + 3);
    for (int i = 0; i < 400; i++) {
      StringBuilder text = new StringBuilder(random.nextBoolean() ? "\\x" : "");
      int length = random.nextInt(8);
      for (int j = 0; j < length; j++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertSameOutcome(text.toString());
    }
  }

  /** Decodes with every entry point and checks each against the server's answer. */
  private static void assertSameOutcome(String text) throws SQLException, IOException {
    ServerAnswer server = serverDecode(text);
    String what = "'" + text + "' (seed " + SEED + ")";
    Object whole = outcome(() -> Bytea.decode(text));
    Object fromChars =
        outcome(
            () -> Bytea.decoder(ShortReads.reader(new StringReader(text), SEED, 2)).readAllBytes());
    Object fromBytes =
        outcome(
            () ->
                Bytea.decoder(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
                    .readAllBytes());
    for (Object ours : List.of(whole, fromChars, fromBytes)) {
      if (server.bytes != null) {
        assertThat(ours)
            .as("server accepts %s as %s", what, Arrays.toString(server.bytes))
            .isEqualTo(server.bytes);
      } else {
        assertThat(ours)
            .as("server refuses %s: %s", what, server.error)
            .isInstanceOf(ByteaFormatException.class);
        Matcher m = SERVER_HEX_DIGIT.matcher(server.error);
        if (m.find() && m.group(1).charAt(0) > ' ' && m.group(1).charAt(0) < 0x7f) {
          assertThat(((ByteaFormatException) ours).text()).as(what).isEqualTo(m.group(1));
        }
        if (server.error.contains("odd number of digits")) {
          assertThat(((ByteaFormatException) ours).getMessage()).as(what).contains("odd number");
        }
      }
    }
  }

  private interface Decoding {
    byte[] run() throws IOException;
  }

  /** The decoded bytes, or the {@link ByteaFormatException} (unwrapped from an IOException). */
  private static Object outcome(Decoding decoding) throws IOException {
    try {
      return decoding.run();
    } catch (ByteaFormatException e) {
      return e;
    } catch (IOException e) {
      if (e.getCause() instanceof ByteaFormatException f) {
        return f;
      }
      throw e;
    }
  }

  private record ServerAnswer(byte[] bytes, String error) {}

  private static ServerAnswer serverDecode(String text) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT ?::text::bytea")) {
      ps.setString(1, text);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new ServerAnswer(rs.getBytes(1), null);
      }
    } catch (SQLException e) {
      // Class 22 (data exception) is the server refusing the text; anything else is a real failure.
      if (e.getSQLState() == null || !e.getSQLState().startsWith("22")) {
        throw e;
      }
      return new ServerAnswer(null, e.getMessage());
    }
  }

  private static String serverText(byte[] bytes, Format format) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("SET bytea_output = '" + (format == Format.HEX ? "hex" : "escape") + "'");
    }
    try (PreparedStatement ps = connection.prepareStatement("SELECT ?::bytea::text")) {
      ps.setBytes(1, bytes);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** Every byte value once, edge cases, then random arrays of mixed flavours. */
  private static List<byte[]> randomInputs(Random random, int count) {
    List<byte[]> inputs = new ArrayList<>();
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    inputs.add(all);
    inputs.add(new byte[0]);
    inputs.add(new byte[] {'\\'});
    inputs.add("\\x01".getBytes(StandardCharsets.US_ASCII));
    while (inputs.size() < count) {
      byte[] b = new byte[random.nextInt(300)];
      switch (random.nextInt(3)) {
        case 0 -> random.nextBytes(b);
        case 1 -> {
          for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (0x1e + random.nextInt(0x63)); // mostly printable, edges included
          }
        }
        default -> {
          for (int i = 0; i < b.length; i++) {
            b[i] = (byte) "\\\u0000\u007f\u0080\u00ff 0x'".charAt(random.nextInt(9));
          }
        }
      }
      inputs.add(b);
    }
    return inputs;
  }
}
