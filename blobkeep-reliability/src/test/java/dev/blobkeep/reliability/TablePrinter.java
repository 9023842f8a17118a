package dev.blobkeep.reliability;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Prints the whole {@link ReliabilityTable} when the test session ends, if anything was run. */
public final class TablePrinter implements LauncherSessionListener {
  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (!ReliabilityTable.isEmpty()) {
      System.out.println();
      System.out.println(ReliabilityTable.markdown());
    }
  }
}
