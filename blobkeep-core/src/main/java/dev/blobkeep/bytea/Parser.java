package dev.blobkeep.bytea;

import java.util.Locale;

/**
 * A push parser of {@code bytea} text that accepts exactly what PostgreSQL 15's {@code byteain}
 * accepts (with a UTF-8 database): fed the text piece by piece, it writes the decoded bytes into a
 * caller's array and throws {@link ByteaFormatException} at the first character the server would
 * refuse. Not thread-safe.
 *
 * <p>The rules, in the server's order:
 *
 * <ul>
 *   <li>Text starting with {@code \x} (lower-case x only) is hex: pairs of hexadecimal digits of
 *       either case, with space, tab, newline and carriage return allowed between pairs but not
 *       inside one; an odd number of digits is an error.
 *   <li>Any other text is escape format: {@code \\} is a backslash, {@code \nnn} with the first
 *       digit 0 to 3 and the others 0 to 7 is one byte, any other backslash is an error (including
 *       one at the end), and every other character stands for its own UTF-8 bytes.
 * </ul>
 *
 * <p>The input is UTF-16 characters or UTF-8 bytes, chosen at construction. Either way NUL and
 * malformed text (an unpaired surrogate, an invalid UTF-8 sequence) are refused, as the server
 * refuses them before {@code byteain} sees the text.
 */
final class Parser {
  private static final byte[] HEX_VALUES = new byte[128];

  static {
    java.util.Arrays.fill(HEX_VALUES, (byte) -1);
    for (int i = 0; i < 10; i++) {
      HEX_VALUES['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      HEX_VALUES['a' + i] = (byte) (10 + i);
      HEX_VALUES['A' + i] = (byte) (10 + i);
    }
  }

  private static final String ESCAPE_HINT = "use \\\\ or \\000 to \\377";

  private static final int START = 0; // nothing read yet
  private static final int START_BACKSLASH = 1; // "\" read at position 0
  private static final int HEX = 2; // hex format, between digit pairs
  private static final int HEX_HALF = 3; // hex format, one digit of a pair read
  private static final int TEXT = 4; // escape format, outside an escape
  private static final int ESCAPE = 5; // escape format, "\" read
  private static final int OCTAL1 = 6; // "\d" read
  private static final int OCTAL2 = 7; // "\dd" read

  private final boolean utf8Input;
  private int state = START;
  private long position;
  private long mark; // where the pending escape, hex digit or multi-unit character started
  private int value; // the pending digits' value, or the pending high surrogate or lead byte
  private int digit; // the pending hex digit as written
  private int continuations; // units still needed to complete a non-ASCII character
  private int low = 0x80; // bounds of the next UTF-8 continuation byte
  private int high = 0xbf;

  /**
   * @param utf8Input true if the input is UTF-8 bytes, false if it is UTF-16 characters
   */
  Parser(boolean utf8Input) {
    this.utf8Input = utf8Input;
  }

  /** The most bytes {@code units} input units can decode to: room the destination array needs. */
  static int maxDecodedLength(int units) {
    return 3 * units + 1;
  }

  /**
   * Parses {@code src[off, off + len)} (characters, or UTF-8 bytes each in {@code 0..255}) and
   * writes the decoded bytes at {@code dst[d]}, which needs room for {@link #maxDecodedLength(int)}
   * bytes. Returns the index after the last byte written.
   */
  int parse(char[] src, int off, int len, byte[] dst, int d) {
    for (int i = off; i < off + len; i++) {
      d = step(src[i], dst, d);
    }
    return d;
  }

  /** As {@link #parse(char[], int, int, byte[], int)}, for UTF-8 bytes. */
  int parse(byte[] src, int off, int len, byte[] dst, int d) {
    for (int i = off; i < off + len; i++) {
      d = step(src[i] & 0xff, dst, d);
    }
    return d;
  }

  /** Checks that the input may end here. */
  void finish() {
    switch (state) {
      case START_BACKSLASH:
        throw invalidEscape("", 0);
      case HEX_HALF:
        throw new ByteaFormatException(
            "odd number of hexadecimal digits: unpaired digit",
            String.valueOf((char) digit),
            mark,
            null);
      case ESCAPE:
      case OCTAL1:
      case OCTAL2:
        throw invalidEscape("", mark);
      case TEXT:
        if (continuations > 0) {
          throw malformedCharacter();
        }
        return;
      default:
        return;
    }
  }

  private int step(int c, byte[] dst, int d) {
    long pos = position++;
    switch (state) {
      case TEXT:
        if (continuations > 0) {
          return continueCharacter(c, dst, d);
        }
        if (c == '\\') {
          state = ESCAPE;
          mark = pos;
          return d;
        }
        return literal(c, pos, dst, d);
      case HEX:
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          return d;
        }
        value = hexValue(c, pos);
        digit = c;
        mark = pos;
        state = HEX_HALF;
        return d;
      case HEX_HALF:
        dst[d++] = (byte) (value << 4 | hexValue(c, pos));
        state = HEX;
        return d;
      case ESCAPE:
        if (c == '\\') {
          dst[d++] = '\\';
          state = TEXT;
        } else if (c >= '0' && c <= '3') {
          value = c - '0';
          state = OCTAL1;
        } else {
          throw invalidEscape(display(c), mark);
        }
        return d;
      case OCTAL1:
      case OCTAL2:
        if (c < '0' || c > '7') {
          throw invalidEscape(display(c), mark);
        }
        value = value << 3 | (c - '0');
        if (state == OCTAL2) {
          dst[d++] = (byte) value;
          state = TEXT;
        } else {
          state = OCTAL2;
        }
        return d;
      case START_BACKSLASH:
        if (c == 'x') {
          state = HEX;
          return d;
        }
        state = ESCAPE;
        mark = 0;
        position--;
        return step(c, dst, d);
      default: // START
        state = c == '\\' ? START_BACKSLASH : TEXT;
        if (state == TEXT) {
          position--;
          return step(c, dst, d);
        }
        return d;
    }
  }

  /** An unescaped character of escape format: its UTF-8 bytes, or the start of them. */
  private int literal(int c, long pos, byte[] dst, int d) {
    if (c == 0) {
      throw new ByteaFormatException(
          "invalid character", "\\u0000", pos, "PostgreSQL text cannot contain NUL");
    }
    if (c < 0x80) {
      dst[d++] = (byte) c;
      return d;
    }
    mark = pos;
    value = c;
    if (utf8Input) {
      return utf8Lead(c, dst, d);
    }
    if (Character.isHighSurrogate((char) c)) {
      continuations = 1;
      return d;
    }
    if (Character.isLowSurrogate((char) c)) {
      throw malformedCharacter();
    }
    return putUtf8(c, dst, d);
  }

  private int continueCharacter(int c, byte[] dst, int d) {
    if (utf8Input) {
      if (c < low || c > high) {
        throw malformedCharacter();
      }
      low = 0x80;
      high = 0xbf;
      continuations--;
      dst[d++] = (byte) c;
      return d;
    }
    if (!Character.isLowSurrogate((char) c)) {
      throw malformedCharacter();
    }
    continuations = 0;
    return putUtf8(Character.toCodePoint((char) value, (char) c), dst, d);
  }

  /**
   * Checks a UTF-8 lead byte as the server does (no overlong forms, surrogates or past U+10FFFF).
   */
  private int utf8Lead(int b, byte[] dst, int d) {
    if (b >= 0xc2 && b <= 0xdf) {
      continuations = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      continuations = 2;
      low = b == 0xe0 ? 0xa0 : 0x80;
      high = b == 0xed ? 0x9f : 0xbf;
    } else if (b >= 0xf0 && b <= 0xf4) {
      continuations = 3;
      low = b == 0xf0 ? 0x90 : 0x80;
      high = b == 0xf4 ? 0x8f : 0xbf;
    } else {
      throw malformedCharacter();
    }
    dst[d++] = (byte) b;
    return d;
  }

  private static int putUtf8(int cp, byte[] dst, int d) {
    if (cp < 0x800) {
      dst[d++] = (byte) (0xc0 | cp >>> 6);
    } else if (cp < 0x10000) {
      dst[d++] = (byte) (0xe0 | cp >>> 12);
      dst[d++] = (byte) (0x80 | (cp >>> 6 & 0x3f));
    } else {
      dst[d++] = (byte) (0xf0 | cp >>> 18);
      dst[d++] = (byte) (0x80 | (cp >>> 12 & 0x3f));
      dst[d++] = (byte) (0x80 | (cp >>> 6 & 0x3f));
    }
    dst[d++] = (byte) (0x80 | (cp & 0x3f));
    return d;
  }

  private int hexValue(int c, long pos) {
    int v = c < 128 ? HEX_VALUES[c] : -1;
    if (v < 0) {
      throw new ByteaFormatException("invalid hexadecimal digit", display(c), pos, null);
    }
    return v;
  }

  /** The pending escape (its backslash and digits so far) followed by {@code next}. */
  private ByteaFormatException invalidEscape(String next, long at) {
    StringBuilder text = new StringBuilder("\\");
    if (state == OCTAL1) {
      text.append(value);
    } else if (state == OCTAL2) {
      text.append(value >>> 3).append(value & 7);
    }
    return new ByteaFormatException("invalid escape", text + next, at, ESCAPE_HINT);
  }

  private ByteaFormatException malformedCharacter() {
    return utf8Input
        ? new ByteaFormatException(
            "invalid UTF-8 sequence starting with", display(value), mark, null)
        : new ByteaFormatException("invalid character", display(value), mark, "unpaired surrogate");
  }

  /** One input unit as shown in messages. */
  private String display(int c) {
    if (utf8Input && c >= 0x80) {
      return String.format(Locale.ROOT, "<0x%02x>", c);
    }
    switch (c) {
      case '\n':
        return "\\n";
      case '\t':
        return "\\t";
      case '\r':
        return "\\r";
      default:
        boolean plain =
            c >= 0x20
                && c != 0x7f
                && !Character.isISOControl(c)
                && !Character.isSurrogate((char) c);
        return plain ? String.valueOf((char) c) : String.format(Locale.ROOT, "\\u%04x", c);
    }
  }
}
