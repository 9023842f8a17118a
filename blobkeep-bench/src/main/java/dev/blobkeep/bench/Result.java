package dev.blobkeep.bench;

/**
 * One line of {@code results.csv}: blobkeep against one alternative in one workload.
 *
 * @param ours blobkeep's median over the rounds
 * @param theirs the alternative's median over the same rounds
 * @param ratio how blobkeep compares, oriented so that higher is better for blobkeep: for
 *     throughput, the median over rounds of ours/theirs measured in the same round
 */
record Result(
    String workload, String alternative, double ours, double theirs, String unit, double ratio) {}
