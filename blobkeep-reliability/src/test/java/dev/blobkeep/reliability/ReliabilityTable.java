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
 * The suite's figures: one row per scenario, rewritten to {@code target/reliability.md} (system
 * property {@code reliability.table}) each time a scenario finishes, and printed whole when the
 * test session ends ({@link TablePrinter}). Thread-safe.
 */
final class ReliabilityTable {
  private static final Map<String, Row> ROWS = new ConcurrentSkipListMap<>();

  private ReliabilityTable() {}

  /**
   * One scenario's outcome.
   *
   * @param scenario what ran, e.g. {@code crash: SIGKILL of a writer JVM (SQLite)}
   * @param faults faults injected, in words with their count
   * @param operations operations run (committed, for crash scenarios)
   * @param bytesChecked content bytes read back and compared
   * @param lost blobs or bytes whose committed content was missing or wrong: must be 0
   * @param seconds wall time of the scenario
   */
  record Row(
      String scenario,
      String faults,
      long operations,
      long bytesChecked,
      long lost,
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

  /** True if any row was recorded in this JVM. */
  static boolean isEmpty() {
    return ROWS.isEmpty();
  }

  /** The table as Markdown, with the run's mode and machine. */
  static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# blobkeep reliability: ")
        .append(Soak.mode())
        .append(" run, ")
        .append(java.time.LocalDate.now())
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Java ")
        .append(System.getProperty("java.version"))
        .append(", ")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.arch"))
        .append("\n\n");
    out.append(
        "| scenario | faults injected | operations | bytes checked | data lost | seconds |\n");
    out.append("|---|---|---:|---:|---:|---:|\n");
    for (Row r : ROWS.values()) {
      out.append(line(r)).append('\n');
    }
    return out.toString();
  }

  private static String line(Row r) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %,d | %,d | %d | %.1f |",
        r.scenario(),
        r.faults(),
        r.operations(),
        r.bytesChecked(),
        r.lost(),
        r.seconds());
  }
}
