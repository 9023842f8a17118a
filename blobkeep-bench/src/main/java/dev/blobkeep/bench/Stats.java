package dev.blobkeep.bench;

import java.util.Arrays;
import java.util.List;

/** Medians. */
final class Stats {
  private Stats() {}

  /** The median of {@code values}; the mean of the middle two for an even count; NaN if empty. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
