package dev.blobkeep.bytea;

import dev.blobkeep.InvalidArgumentException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * PostgreSQL's {@code bytea} text formats, byte for byte as a PostgreSQL 15 server with UTF-8
 * encoding prints and reads them. Stateless and thread-safe; the streams it returns are not.
 *
 * <pre>{@code
 * Bytea.encode(new byte[] {1, 2}, Format.HEX);    // \x0102
 * Bytea.encode("a\\b".getBytes(), Format.ESCAPE);  // a\\b
 * Bytea.decode("\\x 01 02");                       // {1, 2}
 * Bytea.sqlLiteral(new byte[] {1, 2});            // '\x0102'::bytea
 * }</pre>
 *
 * <p>Decoding accepts exactly what the server's {@code byteain} accepts and refuses the rest with a
 * {@link ByteaFormatException} naming the position; see {@link #decode(CharSequence)}.
 */
public final class Bytea {
  /** Longest String this class builds; a little under the JVM's array limit. */
  private static final long MAX_TEXT_LENGTH = Integer.MAX_VALUE - 16;

  private static final String LITERAL_START = "'";
  private static final String LITERAL_END = "'::bytea";

  private Bytea() {}

  /**
   * The text PostgreSQL prints for {@code bytes} under {@code bytea_output = 'hex'} or {@code
   * 'escape'}. In hex, {@code \x} then two lower-case digits per byte; in escape, bytes 0x20 to
   * 0x7e as themselves except backslash, which is doubled ({@code \\}), and every other byte as
   * {@code \} and three octal digits ({@code \000} to {@code \377}). An empty array is {@code \x}
   * or the empty string.
   *
   * @param bytes the bytes, not null
   * @param format hex or escape, not null
   * @return the text
   * @throws InvalidArgumentException naming the lengths if the text would be too long for a String
   *     (use {@link #encoder(Writer, Format)} instead)
   */
  public static String encode(byte[] bytes, Format format) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(format, "format");
    String prefix = format == Format.HEX ? Encoding.HEX_PREFIX : "";
    return encodeWithin(bytes, format, prefix, "");
  }

  /**
   * The bytes a text in either format stands for, as {@code SELECT text::bytea} returns them. Text
   * starting with {@code \x} (lower-case) is hex: digit pairs of either case, with spaces, tabs,
   * newlines and carriage returns allowed between pairs. Any other text, including {@code \X...},
   * is escape format: {@code \\} and {@code \000} to {@code \377} are the only escapes and every
   * other character stands for its UTF-8 bytes.
   *
   * @param text the text, not null
   * @return the bytes, a new array
   * @throws ByteaFormatException at the first character the server would refuse: a non-digit or
   *     whitespace inside a hex pair, an odd number of hex digits, any other backslash (also a
   *     trailing one), NUL, or an unpaired surrogate
   */
  public static byte[] decode(CharSequence text) {
    Objects.requireNonNull(text, "text");
    int len = text.length();
    char[] chunk = new char[Math.min(len, 8192)];
    byte[] out = new byte[Math.min(len, 1 << 16) + 1];
    int n = 0;
    Parser parser = new Parser(false);
    for (int i = 0; i < len; i += chunk.length) {
      int m = Math.min(chunk.length, len - i);
      for (int j = 0; j < m; j++) {
        chunk[j] = text.charAt(i + j);
      }
      long need = (long) n + Parser.maxDecodedLength(m);
      if (need > out.length) {
        if (need > MAX_TEXT_LENGTH) {
          throw new InvalidArgumentException(
              "text of "
                  + len
                  + " characters decodes to more bytes than an array holds;"
                  + " stream it with Bytea.decoder");
        }
        out = Arrays.copyOf(out, (int) Math.min(MAX_TEXT_LENGTH, Math.max(need, 2L * out.length)));
      }
      n = parser.parse(chunk, 0, m, out, n);
    }
    parser.finish();
    return Arrays.copyOf(out, n);
  }

  /**
   * The format a text is in, as the server decides it: {@link Format#HEX} if it starts with {@code
   * \x}, else {@link Format#ESCAPE}. Says nothing about whether the rest is valid.
   *
   * @param text the text, not null
   * @return the format the server would read it in
   */
  public static Format formatOf(CharSequence text) {
    return text.length() >= 2 && text.charAt(0) == '\\' && text.charAt(1) == 'x'
        ? Format.HEX
        : Format.ESCAPE;
  }

  /**
   * A SQL literal of the bytes, {@code '\x0102'::bytea}, to paste into SQL run with {@code
   * standard_conforming_strings = on} (PostgreSQL's default since 9.1; with it off the backslash
   * would be read as a string escape). Made only of quotes, a backslash, hex digits and {@code
   * ::bytea}, so it is safe to concatenate into a statement.
   *
   * @param bytes the bytes, not null
   * @return the literal
   * @throws InvalidArgumentException naming the lengths if the text would be too long for a String
   */
  public static String sqlLiteral(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return encodeWithin(bytes, Format.HEX, LITERAL_START + Encoding.HEX_PREFIX, LITERAL_END);
  }

  /**
   * A stream that writes the {@code format} text of the bytes written to it to {@code out}. Nothing
   * else is written: the prefix {@code \x} of hex comes with the first byte, or at {@link
   * ByteaOutputStream#finish()}.
   *
   * @param out where the text goes; closed when the stream is closed
   * @param format hex or escape
   * @return the stream
   */
  public static ByteaOutputStream encoder(Writer out, Format format) {
    return new ByteaOutputStream(Objects.requireNonNull(out, "out"), null, format, "", "");
  }

  /**
   * As {@link #encoder(Writer, Format)}, writing the text as ASCII bytes.
   *
   * @param out where the text goes; closed when the stream is closed
   * @param format hex or escape
   * @return the stream
   */
  public static ByteaOutputStream encoder(OutputStream out, Format format) {
    return new ByteaOutputStream(null, Objects.requireNonNull(out, "out"), format, "", "");
  }

  /**
   * A stream that writes the bytes written to it as one {@link #sqlLiteral(byte[])} to {@code out}:
   * {@code '\x} first, {@code '::bytea} at {@link ByteaOutputStream#finish()} or close.
   *
   * @param out where the literal goes; closed when the stream is closed
   * @return the stream
   */
  public static ByteaOutputStream sqlLiteralEncoder(Writer out) {
    return new ByteaOutputStream(
        Objects.requireNonNull(out, "out"), null, Format.HEX, LITERAL_START, LITERAL_END);
  }

  /**
   * As {@link #sqlLiteralEncoder(Writer)}, writing the text as ASCII bytes.
   *
   * @param out where the literal goes; closed when the stream is closed
   * @return the stream
   */
  public static ByteaOutputStream sqlLiteralEncoder(OutputStream out) {
    return new ByteaOutputStream(
        null, Objects.requireNonNull(out, "out"), Format.HEX, LITERAL_START, LITERAL_END);
  }

  /**
   * A stream of the bytes that the text read from {@code in} stands for, decoded as {@link
   * #decode(CharSequence)} does, in constant memory. A read that reaches malformed text throws an
   * {@link java.io.IOException} whose cause is the {@link ByteaFormatException}; bytes before it
   * may already have been returned, so a caller that must not keep partial data should discard them
   * on error. Closing the stream closes {@code in}.
   *
   * @param in the text
   * @return the stream of bytes
   */
  public static InputStream decoder(Reader in) {
    return new DecodingInputStream(in);
  }

  /**
   * As {@link #decoder(Reader)}, for text as UTF-8 bytes; error positions count bytes, and
   * malformed UTF-8 is refused as the server refuses it.
   *
   * @param in the text as UTF-8 bytes
   * @return the stream of bytes
   */
  public static InputStream decoder(InputStream in) {
    return new DecodingInputStream(in);
  }

  private static String encodeWithin(byte[] bytes, Format format, String prefix, String suffix) {
    long length =
        prefix.length() + Encoding.encodedLength(bytes, 0, bytes.length, format) + suffix.length();
    if (length > MAX_TEXT_LENGTH) {
      throw new InvalidArgumentException(
          bytes.length
              + " bytes encode to "
              + length
              + " characters, more than a String holds ("
              + MAX_TEXT_LENGTH
              + "); stream them with Bytea.encoder");
    }
    byte[] text = new byte[(int) length];
    int n = ascii(prefix, text, 0);
    n = Encoding.encode(bytes, 0, bytes.length, format, text, n);
    ascii(suffix, text, n);
    return new String(text, StandardCharsets.ISO_8859_1);
  }

  private static int ascii(String s, byte[] dst, int d) {
    for (int i = 0; i < s.length(); i++) {
      dst[d++] = (byte) s.charAt(i);
    }
    return d;
  }
}
