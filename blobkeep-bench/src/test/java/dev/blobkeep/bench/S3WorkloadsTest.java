package dev.blobkeep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The s3-* workloads at a tiny size: every request they send is answered 2xx by the real server (a
 * wrong signature, a lost part or a short body fails the round), and each yields one row beside
 * http-api. Speed is not checked here.
 */
class S3WorkloadsTest {
  @TempDir Path dir;

  @Test
  void eachS3WorkloadRunsBesideTheHttpApi() throws Exception {
    Content content = new Content(200);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Runner runner = new Runner(new PrintStream(log, true, StandardCharsets.UTF_8));
    try (LargeData large = new LargeData(content, dir, 20L * 1024 * 1024 + 5)) {
      for (Workload w : S3Endpoint.workloads(content, large, dir, quick())) {
        try (w) {
          Measured m = runner.run(w, 2);
          assertThat(m.results())
              .singleElement()
              .satisfies(
                  r -> {
                    assertThat(r.alternative()).isEqualTo("http-api");
                    assertThat(r.ratio()).isPositive().isFinite();
                  });
          assertThat(m.workload()).startsWith("s3-");
        }
      }
    }
  }

  private static BenchConfig quick() {
    String old = System.setProperty(BenchConfig.SCALE_PROPERTY, "0.05");
    try {
      return BenchConfig.of(true, Bench.pgUrl(null), Path.of("unused"), Path.of("unused"));
    } finally {
      if (old == null) {
        System.clearProperty(BenchConfig.SCALE_PROPERTY);
      } else {
        System.setProperty(BenchConfig.SCALE_PROPERTY, old);
      }
    }
  }
}
