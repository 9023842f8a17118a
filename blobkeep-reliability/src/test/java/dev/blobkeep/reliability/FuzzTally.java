package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Figures of one fuzz scenario: inputs tried, inputs refused with the documented exception, bytes
 * compared between two decoders. Thread-safe; recorded in the {@link ReliabilityTable} by the test
 * class when its properties are done.
 */
public final class FuzzTally {
  private final String scenario;
  private final long t0 = System.nanoTime();
  final AtomicLong tries = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();

  FuzzTally(String scenario) {
    this.scenario = scenario;
  }

  /**
   * Checks that a refusal is one line naming the problem, and counts it. The message may not be
   * null or blank, nor hold a line break.
   */
  void refusal(Throwable e, String input) {
    refused.incrementAndGet();
    String m = e.getMessage();
    assertThat(m)
        .as("message of %s for input %s", e.getClass().getName(), show(input))
        .isNotBlank();
    assertThat(withoutEchoedLineBreaks(m, input))
        .as("one-line message of %s for input %s", e.getClass().getSimpleName(), show(input))
        .doesNotContain("\n")
        .doesNotContain("\r");
  }

  /**
   * The message with the line breaks of the input blanked out. Known bug (KnownBugsTest): names,
   * keys, sizes and cursors are echoed raw, so a line break in the input breaks the message's line;
   * any other line break is still caught.
   */
  public static String withoutEchoedLineBreaks(String message, String input) {
    String m = message;
    if (input != null) {
      for (char c : new char[] {'\n', '\r'}) {
        if (input.indexOf(c) >= 0) {
          m = m.replace(c, ' ');
        }
      }
    }
    return m;
  }

  void record() {
    ReliabilityTable.record(
        new ReliabilityTable.Row(
            scenario,
            refused.get() + " hostile inputs refused",
            tries.get(),
            bytes.get(),
            0,
            (System.nanoTime() - t0) / 1e9));
  }

  /** The input with every non-printable-ASCII character escaped, for assertion messages. */
  static String show(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        b.append(c);
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    return b.append(s.length() > 200 ? "...\"" : "\"")
        .append(" (")
        .append(s.length())
        .append(" chars)")
        .toString();
  }
}
