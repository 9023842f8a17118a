package dev.blobkeep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four {@code mariadb-*} workloads run against the test MariaDB server and yield a finite,
 * positive figure for blobkeep and for {@code mariadb-longblob-row} in every round, and a ratio.
 * Tiny by default ({@value BenchConfig#SCALE_PROPERTY} 0.004 unless set); speed is not checked
 * here. Skipped when the server is unreachable, failed instead under {@code CI=true}.
 */
class MariaWorkloadsTest {
  @TempDir Path tmp;

  @Test
  void eachWorkloadMeasuresBlobkeepBesideALongblobRow() throws Exception {
    String problem = Maria.unavailable();
    if (problem != null) {
      assertThat(System.getenv("CI")).as(problem).isNotEqualTo("true");
      Assumptions.abort(problem);
    }
    String scale = System.getProperty(BenchConfig.SCALE_PROPERTY);
    if (scale == null) {
      System.setProperty(BenchConfig.SCALE_PROPERTY, "0.004");
    }
    try {
      BenchConfig config = BenchConfig.of(true, BenchConfig.DEFAULT_PG_URL, tmp, tmp);
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      Runner runner = new Runner(out);
      for (Workload w :
          Maria.workloads(
              new Content(Math.max(config.pgSmallCount(), config.pgPutCount())), tmp, config)) {
        try (w) {
          Measured m = runner.run(w, config.rounds());
          assertThat(m.rounds().keySet()).containsExactly(Contender.OURS, "mariadb-longblob-row");
          m.rounds()
              .values()
              .forEach(figures -> assertThat(figures).allMatch(v -> v > 0 && v < 1e12));
          assertThat(m.results()).hasSize(1);
          out.println(m.workload() + ": " + m.results().get(0));
        }
      }
    } finally {
      if (scale == null) {
        System.clearProperty(BenchConfig.SCALE_PROPERTY);
      }
    }
  }
}
