package dev.blobkeep.bench;

import java.util.List;

/**
 * Work that blobkeep and its alternatives each do once per round. The data every round needs is
 * made by {@link #setUp()}, outside the timing; {@link #close()} removes it.
 */
abstract class Workload implements AutoCloseable {
  private final String name;
  private final String unit;

  Workload(String name, String unit) {
    this.name = name;
    this.unit = unit;
  }

  final String name() {
    return name;
  }

  /** {@code ops/s} or {@code MB/s} (1 MB = 10^6 bytes). */
  final String unit() {
    return unit;
  }

  /** Makes the data the rounds use. */
  abstract void setUp() throws Exception;

  /** blobkeep first, then the alternatives. */
  abstract List<Contender> contenders();

  /** The settings each side ran with, for the report: sizes, synchronous mode, fsync policy. */
  abstract String settings();

  /** True to run every contender once, unrecorded, before the first round (JIT warm-up). */
  boolean warmUp() {
    return false;
  }

  @Override
  public void close() throws Exception {}
}
