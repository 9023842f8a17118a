package dev.blobkeep.reliability;

/** Lets fuzz tests in other packages (the CLI's) add their row to the {@link ReliabilityTable}. */
public final class FuzzFigures {
  private FuzzFigures() {}

  /**
   * Records a fuzz scenario that passed.
   *
   * @param refused inputs refused with the documented exception
   * @param tries inputs tried
   * @param t0 {@link System#nanoTime()} when the scenario started
   */
  public static void record(String scenario, long refused, long tries, long t0) {
    record(scenario, refused + " hostile inputs refused", tries, 0, t0);
  }

  /** Records a row of a scenario that passed, with its own wording of the faults. */
  public static void record(String scenario, String faults, long operations, long bytes, long t0) {
    ReliabilityTable.record(
        new ReliabilityTable.Row(
            scenario, faults, operations, bytes, 0, (System.nanoTime() - t0) / 1e9));
  }
}
