package dev.blobkeep.reliability;

/**
 * Quick or soak: the normal test run is quick; {@code -Dblobkeep.soak=true} (passed to the tests by
 * the parent pom) runs the long variants.
 */
final class Soak {
  private Soak() {}

  /** True for the long run. */
  static boolean on() {
    return Boolean.getBoolean("blobkeep.soak");
  }

  /** {@code quick} in the normal run, {@code soak} in the long one. */
  static int pick(int quick, int soak) {
    return on() ? soak : quick;
  }

  /** A word for the table: {@code quick} or {@code soak}. */
  static String mode() {
    return on() ? "soak" : "quick";
  }
}
