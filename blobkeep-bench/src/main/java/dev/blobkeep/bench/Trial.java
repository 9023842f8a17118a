package dev.blobkeep.bench;

/** One contender doing a workload's work once, timed by itself. */
@FunctionalInterface
interface Trial {

  /**
   * Runs once and returns the throughput reached, in the workload's unit (higher is better).
   *
   * @param round the round number from 0, or -1 for an unrecorded warm-up
   */
  double run(int round) throws Exception;
}
