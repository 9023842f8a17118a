package dev.blobkeep.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Byte counts as typed on the command line: a whole number with an optional binary suffix, {@code
 * 4096}, {@code 64K}, {@code 10M}, {@code 1G}, {@code 2T} (K = 1024; case-insensitive). Used for
 * sizes, offsets and lengths. Thread-safe.
 */
final class Sizes implements ITypeConverter<Long> {
  private static final String SUFFIXES = "KMGTPE";

  @Override
  public Long convert(String text) {
    return parse(text);
  }

  /**
   * Returns the number of bytes {@code text} names.
   *
   * @throws TypeConversionException naming the text if it is empty, negative, not a number with an
   *     optional K, M, G, T, P or E suffix, or more than {@link Long#MAX_VALUE} bytes
   */
  static long parse(String text) {
    if (text.isEmpty()) {
      throw new TypeConversionException("size is empty (examples: 4096, 64K, 10M, 1G)");
    }
    if (text.startsWith("-")) {
      throw new TypeConversionException("size " + quote(text) + " is negative");
    }
    char last = Character.toUpperCase(text.charAt(text.length() - 1));
    int power = SUFFIXES.indexOf(last) + 1;
    String digits = power > 0 ? text.substring(0, text.length() - 1) : text;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new TypeConversionException(
          "size " + quote(text) + " is not a number of bytes (examples: 4096, 64K, 10M, 1G)");
    }
    try {
      long number = Long.parseLong(digits);
      return Math.multiplyExact(number, 1L << (10 * power));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new TypeConversionException(
          "size " + quote(text) + " is too large (at most " + Long.MAX_VALUE + " bytes)");
    }
  }

  /** A byte count for people: {@code 512 B}, {@code 1.5 KiB}, {@code 12.3 MiB}. */
  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    int unit = Math.min((63 - Long.numberOfLeadingZeros(bytes)) / 10, SUFFIXES.length());
    return String.format(
        Locale.ROOT, "%.1f %siB", bytes / (double) (1L << (10 * unit)), SUFFIXES.charAt(unit - 1));
  }

  /** {@code 'text'} with control characters and line separators escaped: one line. */
  private static String quote(String text) {
    StringBuilder out = new StringBuilder("'");
    for (char c : text.toCharArray()) {
      if (c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('\'').toString();
  }
}
