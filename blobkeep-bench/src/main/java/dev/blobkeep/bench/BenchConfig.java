package dev.blobkeep.bench;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What one benchmark run measures and where it writes. Immutable.
 *
 * <p>Sizes come from the mode ({@code quick} or full) multiplied by a scale factor, which tests set
 * tiny through the system property {@value #SCALE_PROPERTY} (for example {@code 0.01}); counts and
 * sizes never drop below small floors, so every workload still does real work.
 */
public final class BenchConfig {
  /** System property scaling every count and size (default 1). */
  public static final String SCALE_PROPERTY = "blobkeep.bench.scale";

  /** Environment variable naming the PostgreSQL server when {@code --db} does not. */
  public static final String PG_URL_ENV = "BLOBKEEP_PG_URL";

  /** The PostgreSQL server used when neither {@code --db} nor {@value #PG_URL_ENV} names one. */
  public static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;
  private static final long GIB = 1024 * MIB;

  private final boolean quick;
  private final double scale;
  private final String pgUrl;
  private final Path workDir;
  private final Path outDir;

  private BenchConfig(boolean quick, double scale, String pgUrl, Path workDir, Path outDir) {
    this.quick = quick;
    this.scale = scale;
    this.pgUrl = pgUrl;
    this.workDir = workDir;
    this.outDir = outDir;
  }

  /**
   * A configuration.
   *
   * @param quick the quick mode (smaller sizes, fewer rounds: under 3 minutes)
   * @param pgUrl the PostgreSQL server for the {@code pg-*} workloads
   * @param workDir where stores and files are created (deleted when the run ends)
   * @param outDir where {@code results.csv}, {@code results.json} and {@code chart.png} go
   * @throws IllegalArgumentException if the scale property is not a positive number
   */
  public static BenchConfig of(boolean quick, String pgUrl, Path workDir, Path outDir) {
    String text = System.getProperty(SCALE_PROPERTY, "1");
    double scale;
    try {
      scale = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      scale = Double.NaN;
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException(
          SCALE_PROPERTY + " must be a positive number, got '" + text + "'");
    }
    return new BenchConfig(
        quick,
        scale,
        Objects.requireNonNull(pgUrl, "pgUrl"),
        Objects.requireNonNull(workDir, "workDir"),
        Objects.requireNonNull(outDir, "outDir"));
  }

  public boolean quick() {
    return quick;
  }

  public double scale() {
    return scale;
  }

  public String pgUrl() {
    return pgUrl;
  }

  public Path workDir() {
    return workDir;
  }

  public Path outDir() {
    return outDir;
  }

  /** Measured rounds per workload (each contender runs once per round). */
  int rounds() {
    return quick ? 3 : 5;
  }

  /** Small blobs in the {@code small-*} data sets (100k; quick 10k). */
  int smallCount() {
    return count(quick ? 10_000 : 100_000, 50);
  }

  /**
   * New blobs per round in {@code small-write} (10k; quick 1k): fewer than the read set, because
   * creating a file costs about a millisecond on this kind of machine and each round creates them
   * for every contender.
   */
  int smallWriteCount() {
    return count(quick ? 1_000 : 10_000, 50);
  }

  /** Writes per round in {@code small-write-each}, one durable transaction each (1k; quick 100). */
  int smallEachCount() {
    return count(quick ? 100 : 1_000, 20);
  }

  /** Bytes of the {@code large-*} and {@code random-*} blob (1 GiB; quick 256 MiB). */
  long largeBytes() {
    return bytes(quick ? 256 * MIB : GIB, 4 * MIB);
  }

  /** Milliseconds each contender spends per round of a {@code random-*} workload. */
  long randomMillis() {
    return Math.max(100, Math.round((quick ? 700 : 3000) * Math.min(1, scale)));
  }

  /** Small blobs read per round in {@code pg-small-get} (20k; quick 2k). */
  int pgSmallCount() {
    return count(quick ? 2_000 : 20_000, 20);
  }

  /** Small blobs written per round in {@code pg-small-put}, a commit each (2k; quick 200). */
  int pgPutCount() {
    return count(quick ? 200 : 2_000, 20);
  }

  /**
   * Bytes of the {@code pg-large-*} blob (256 MiB; quick 32 MiB). Smaller than the SQLite one: a
   * single {@code bytea} value is capped at 1 GB and is held whole in server and client memory.
   */
  long pgLargeBytes() {
    return bytes(quick ? 16 * MIB : 256 * MIB, 2 * MIB);
  }

  /** Bytes streamed in and out of the {@code -Xmx64m} child (4 GiB; quick 256 MiB). */
  long memoryBytes() {
    return bytes(quick ? 256 * MIB : 4 * GIB, 8 * MIB);
  }

  /** Bytes put and read per chunk size in the sweep (256 MiB; quick 16 MiB). */
  long sweepBytes() {
    return bytes(quick ? 16 * MIB : 256 * MIB, 2 * MIB);
  }

  /** Milliseconds of random reads per chunk size and round in the sweep. */
  long sweepRandomMillis() {
    return quick ? 300 : 1000;
  }

  /** Rounds of the chunk-size sweep. */
  int sweepRounds() {
    return quick ? 1 : 3;
  }

  private int count(int full, int floor) {
    return (int) Math.max(floor, Math.round(full * scale));
  }

  private long bytes(long full, long floor) {
    long b = Math.max(floor, Math.round(full * scale));
    return b - b % (64 * KIB);
  }

  @Override
  public String toString() {
    return "BenchConfig{quick="
        + quick
        + ", scale="
        + scale
        + ", pg="
        + Pg.withoutPassword(pgUrl)
        + ", work="
        + workDir
        + ", out="
        + outDir
        + "}";
  }
}
