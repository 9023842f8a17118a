package dev.blobkeep.bench;

import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code cli-ls}: how fast the command line starts. Each round starts {@code ./blobkeep --db F ls}
 * on a store of {@value #BLOBS} small blobs some times over (output discarded) beside as many bare
 * JVM starts, {@code java -version} with the same java ({@code jvm-start}). The figure is starts
 * per second, so the ratio is the JVM's start time over ours; the median time of one start is 1000
 * / figure ms. Runs only under the launcher, which names itself in {@value #LAUNCHER_PROPERTY}.
 */
final class CliStart extends Workload {
  /** Set by the {@code blobkeep} launcher to its own path. */
  static final String LAUNCHER_PROPERTY = "blobkeep.launcher";

  static final int BLOBS = 100;

  private final Path dir;
  private final int starts;
  private final Path launcher;
  private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
  private Path store;

  /** The launcher to measure, or null when blobkeep was not started through it. */
  static Path launcher() {
    String path = System.getProperty(LAUNCHER_PROPERTY);
    return path == null || !Files.isExecutable(Path.of(path)) ? null : Path.of(path);
  }

  /**
   * @param dir where the store is made
   * @param starts starts of each side in one round
   */
  CliStart(Path dir, int starts) {
    super("cli-ls", "ops/s");
    this.dir = dir;
    this.starts = starts;
    this.launcher = launcher();
  }

  @Override
  void setUp() throws Exception {
    if (launcher == null) {
      throw new BenchException("cli-ls needs the blobkeep launcher (-D" + LAUNCHER_PROPERTY + ")");
    }
    store = dir.resolve("cli-ls.db");
    try (BlobStore s = BlobStore.open(store.toString())) {
      byte[] content = new byte[1024];
      for (int i = 0; i < BLOBS; i++) {
        content[0] = (byte) i;
        s.put(content, PutOptions.at("bench", String.format(Locale.ROOT, "file-%03d", i)));
      }
    }
  }

  @Override
  List<Contender> contenders() {
    return List.of(
        new Contender(
            Contender.OURS,
            r -> starts(List.of(launcher.toString(), "--db", store.toString(), "ls"))),
        new Contender("jvm-start", r -> starts(List.of(java.toString(), "-version"))));
  }

  /** Runs {@code command} {@link #starts} times, one after another; returns starts per second. */
  private double starts(List<String> command) throws Exception {
    long t0 = System.nanoTime();
    for (int i = 0; i < starts; i++) {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      // The same java for both sides, and a plain start: no options of the benchmark's own JVM.
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      builder.environment().remove("JAVA_OPTS");
      int status = builder.start().waitFor();
      if (status != 0) {
        throw new BenchException(String.join(" ", command) + " exited with status " + status);
      }
    }
    return starts / ((System.nanoTime() - t0) / 1e9);
  }

  @Override
  String settings() {
    return String.format(
        Locale.ROOT,
        "%d starts a round of each: '%s --db STORE ls' on %d blobs of 1 KiB (output discarded)"
            + " vs '%s -version'; figure = starts/s, median ms a start = 1000 / figure",
        starts,
        launcher,
        BLOBS,
        java);
  }

  @Override
  boolean warmUp() {
    return true; // the launcher's first start may prepare its class data sharing archive
  }
}
