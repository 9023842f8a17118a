package dev.blobkeep.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints the whole {@link ReliabilityTable} when the test session ends, if anything was run. With
 * the system property {@code reliability.readme} naming a page (docs/reliability.md), and only if
 * no test of the session failed, it also replaces the text between the page's {@value #BEGIN} and
 * {@value #END} lines with the run's line and the table. Registered as a session listener and as a
 * test execution listener (two instances sharing the failure count).
 */
public final class TablePrinter implements LauncherSessionListener, TestExecutionListener {
  static final String BEGIN = "<!-- reliability-table:begin -->";
  static final String END = "<!-- reliability-table:end -->";
  private static final AtomicLong FAILED = new AtomicLong();

  /** Counts tests and containers that failed or aborted with an error. */
  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.FAILED) {
      FAILED.incrementAndGet();
    }
  }

  /** Prints the table, and rewrites the page's table if asked to and nothing failed. */
  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (ReliabilityTable.isEmpty()) {
      return;
    }
    System.out.println();
    System.out.println(ReliabilityTable.markdown());
    String readme = System.getProperty("reliability.readme", "");
    if (readme.isBlank() || readme.startsWith("${")) {
      return;
    }
    if (FAILED.get() != 0) {
      System.out.println("reliability: " + readme + " left as it was: " + FAILED + " tests failed");
      return;
    }
    try {
      Path file = Path.of(readme);
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int begin = text.indexOf(BEGIN);
      int end = text.indexOf(END);
      if (begin < 0 || end < begin) {
        throw new IllegalStateException(readme + " has no " + BEGIN + " ... " + END + " block");
      }
      String block =
          BEGIN
              + "\n"
              + "Latest "
              + ReliabilityTable.runLine()
              + ":\n\n"
              + ReliabilityTable.table();
      Files.writeString(
          file, text.substring(0, begin) + block + text.substring(end), StandardCharsets.UTF_8);
      System.out.println("reliability: table written to " + readme);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
