package dev.blobkeep.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The suite's figures: one row per scenario that passed, rewritten to {@code target/reliability.md}
 * (system property {@code reliability.table}) each time a scenario passes, and printed whole when
 * the test session ends ({@link TablePrinter}). Rows come only from {@link Scenario#pass} and
 * {@link FuzzTally}, which record a scenario only after all its checks passed. Thread-safe.
 */
final class ReliabilityTable {
  /** The columns, as docs/reliability.md explains them. */
  static final String HEADER =
      "| scenario | faults injected | operations | bytes compared | data lost"
          + " | other failed checks | seconds |\n"
          + "|---|---|---:|---:|---:|---:|---:|\n";

  private static final Map<String, Row> ROWS = new ConcurrentSkipListMap<>();

  private ReliabilityTable() {}

  /**
   * One passed scenario's figures.
   *
   * @param scenario what ran, e.g. {@code crash: SIGKILL of a writer JVM (SQLite)}
   * @param faults faults injected, in words with their count
   * @param operations operations run (committed, for crash scenarios)
   * @param bytesCompared bytes compared with what they must be (stored content read back, or a
   *     decoder's output against another's); null when the scenario compares no bytes
   * @param lost stored blobs whose bytes were missing or differed from what was written, found by
   *     comparison; null ({@code n/a}) when no stored data is at stake
   * @param failedChecks checks that failed other than stored bytes (message format, listings,
   *     metadata, verify, leftover rows)
   * @param seconds wall time of the scenario
   */
  record Row(
      String scenario,
      String faults,
      long operations,
      Long bytesCompared,
      Long lost,
      long failedChecks,
      double seconds) {}

  /** Records a row (replacing one of the same scenario), prints it and rewrites the file. */
  static void record(Row row) {
    ROWS.put(row.scenario(), row);
    System.out.println("reliability: " + line(row));
    Path file = Path.of(System.getProperty("reliability.table", "target/reliability.md"));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, markdown(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True if no row was recorded in this JVM. */
  static boolean isEmpty() {
    return ROWS.isEmpty();
  }

  /** The run's mode, date and machine, one line. */
  static String runLine() {
    return String.format(
        Locale.ROOT,
        "%s run, %s, %d cores, Java %s, %s %s",
        Soak.mode(),
        java.time.LocalDate.now(java.time.ZoneOffset.UTC),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }

  /** The rows as a Markdown table, header included. */
  static String table() {
    StringBuilder out = new StringBuilder(HEADER);
    for (Row r : ROWS.values()) {
      out.append(line(r)).append('\n');
    }
    return out.toString();
  }

  /** The table as a Markdown file, with the run's mode and machine. */
  static String markdown() {
    return "# blobkeep reliability: " + runLine() + "\n\n" + table();
  }

  private static String line(Row r) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %,d | %s | %s | %d | %.1f |",
        r.scenario(),
        r.faults(),
        r.operations(),
        r.bytesCompared() == null ? "n/a" : String.format(Locale.ROOT, "%,d", r.bytesCompared()),
        r.lost() == null ? "n/a" : Long.toString(r.lost()),
        r.failedChecks(),
        r.seconds());
  }
}
