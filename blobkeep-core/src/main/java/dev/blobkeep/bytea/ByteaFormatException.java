package dev.blobkeep.bytea;

import dev.blobkeep.InvalidArgumentException;

/**
 * Text that PostgreSQL would refuse as {@code bytea} input. The one-line message names the problem,
 * the offending text and its position, e.g. {@code invalid hexadecimal digit "g" at position 5}.
 */
public class ByteaFormatException extends InvalidArgumentException {
  private static final long serialVersionUID = 1L;

  /** The 0-based offset of the offending text. */
  private final long position;

  /** The offending text as the message shows it, without the quotes. */
  private final String text;

  /**
   * @param problem what is wrong, e.g. {@code invalid hexadecimal digit}
   * @param text the offending text, unquoted
   * @param position its 0-based offset in the input
   * @param hint what would have been valid, or null
   */
  ByteaFormatException(String problem, String text, long position, String hint) {
    super(
        problem
            + " \""
            + text
            + "\" at position "
            + position
            + (hint == null ? "" : " (" + hint + ")"));
    this.position = position;
    this.text = text;
  }

  /**
   * The 0-based offset of the offending text: in characters when the input was characters, in bytes
   * when it was bytes (the same for ASCII text).
   *
   * @return the offset, from 0
   */
  public long position() {
    return position;
  }

  /**
   * The offending text as it appears in the message, without the quotes: one character, or the
   * whole of an invalid escape ({@code \8}, {@code \40}). Control characters and raw non-ASCII
   * bytes are shown escaped ({@code \n}, {@code \u000b}, {@code <0xc3>}).
   *
   * @return the text
   */
  public String text() {
    return text;
  }
}
