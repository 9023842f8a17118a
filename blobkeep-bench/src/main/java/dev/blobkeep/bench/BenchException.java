package dev.blobkeep.bench;

/** A benchmark run in which some workload failed; its message names each and why. */
public final class BenchException extends Exception {
  private static final long serialVersionUID = 1L;

  BenchException(String message) {
    super(message);
  }
}
