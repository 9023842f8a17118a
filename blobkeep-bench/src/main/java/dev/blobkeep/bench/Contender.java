package dev.blobkeep.bench;

/**
 * blobkeep or one alternative in a workload.
 *
 * @param name {@code blobkeep} or the alternative's name ({@code files}, {@code sqlite-row}, ...)
 * @param trial what it does in one round
 */
record Contender(String name, Trial trial) {
  static final String OURS = "blobkeep";
}
