package dev.blobkeep.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one workload produced: every round's figure per contender, in the order run, and the
 * results derived from them.
 *
 * @param rounds contender name to its figure in each round
 * @param order the contenders' order in each round
 * @param seconds wall-clock time of the workload, set-up included
 */
record Measured(
    String workload,
    String unit,
    String settings,
    Map<String, List<Double>> rounds,
    List<List<String>> order,
    List<Result> results,
    double seconds) {}
