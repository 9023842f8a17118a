package dev.blobkeep.bytea;

/** The two text formats of PostgreSQL's {@code bytea}, as chosen by its {@code bytea_output}. */
public enum Format {
  /**
   * {@code \x} followed by two lower-case hexadecimal digits per byte: {@code \x00ff}. The default
   * output since PostgreSQL 9.0.
   */
  HEX,
  /**
   * Printable ASCII (0x20 to 0x7e) as itself, except backslash, which is doubled; every other byte
   * as a backslash and three octal digits: {@code a\000\\\377}.
   */
  ESCAPE
}
