package dev.blobkeep.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything one run found, as written to {@code results.json}.
 *
 * @param skipped workloads that did not run, each with the reason
 */
record Report(
    Map<String, Object> machine,
    Map<String, Object> config,
    List<Measured> workloads,
    List<ChunkSweep.Sweep> chunkSweep,
    List<String> skipped,
    double seconds) {

  /** Every workload's results, in the order run: one per workload and alternative. */
  List<Result> results() {
    List<Result> out = new ArrayList<>();
    workloads.forEach(m -> out.addAll(m.results()));
    return out;
  }
}
