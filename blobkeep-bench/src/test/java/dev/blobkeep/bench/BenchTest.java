package dev.blobkeep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole quick run at a tiny scale: the files it writes have the promised shape. Speed is not
 * checked here; it is what the benchmark itself measures.
 */
class BenchTest {
  private static final List<String> SQLITE_ROWS =
      List.of(
          "small-read,files",
          "small-read,files-tree",
          "small-read,sqlite-row",
          "small-read-mmap,files",
          "small-read-mmap,files-tree",
          "small-read-mmap,sqlite-row",
          "small-write,files",
          "small-write,files-tree",
          "small-write,sqlite-row",
          "small-write-each,files",
          "small-write-each,files-tree",
          "small-write-each,sqlite-row",
          "large-put,file-copy",
          "large-get,file-copy",
          "random-read,random-access-file",
          "random-write,random-access-file",
          "s3-small-get,http-api",
          "s3-small-put,http-api",
          "s3-large-get,http-api",
          "s3-large-put,http-api",
          "memory,heap-limit",
          "memory,blob-size");
  private static final List<String> PG_ROWS =
      List.of(
          "pg-small-get,pg-bytea-row",
          "pg-small-put,pg-bytea-row",
          "pg-large-get,pg-bytea-row",
          "pg-large-put,pg-bytea-row");

  private static final List<String> MARIADB_ROWS =
      List.of(
          "mariadb-small-get,mariadb-longblob-row",
          "mariadb-small-put,mariadb-longblob-row",
          "mariadb-large-get,mariadb-longblob-row",
          "mariadb-large-put,mariadb-longblob-row");

  @TempDir Path tmp;
  private String oldScale;

  @BeforeEach
  void tinyScale() {
    oldScale = System.setProperty(BenchConfig.SCALE_PROPERTY, "0.004");
  }

  @AfterEach
  void restoreScale() {
    if (oldScale == null) {
      System.clearProperty(BenchConfig.SCALE_PROPERTY);
    } else {
      System.setProperty(BenchConfig.SCALE_PROPERTY, oldScale);
    }
  }

  @Test
  void quickRunWritesOneFiniteRowPerWorkloadAndAlternativeAndAPngChart() throws Exception {
    Path out = tmp.resolve("out");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    BenchConfig config = BenchConfig.of(true, Bench.pgUrl(null), tmp.resolve("work"), out);

    Bench.run(config, new PrintStream(log, true, StandardCharsets.UTF_8));

    List<String> lines = Files.readAllLines(out.resolve("results.csv"));
    assertThat(lines.get(0)).isEqualTo("workload,alternative,ours,theirs,unit,ratio");
    List<String> pairs = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertThat(f).as(line).hasSize(6);
      pairs.add(f[0] + "," + f[1]);
      for (int i : new int[] {2, 3, 5}) {
        double v = Double.parseDouble(f[i]);
        assertThat(Double.isFinite(v) && v > 0).as("column %d of %s", i, line).isTrue();
      }
      assertThat(f[4]).isIn("ops/s", "MB/s", "MiB");
    }
    JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    String skipped = json.get("skipped").toString();
    List<String> expected = new ArrayList<>(SQLITE_ROWS);
    if (!skipped.contains("pg-small-get")) {
      expected.addAll(7, PG_ROWS);
    }
    if (!skipped.contains("mariadb-small-get")) {
      expected.addAll(MARIADB_ROWS);
    }
    assertThat(pairs).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(json.get("machine").get("cores").asInt()).isPositive();
    // started in-process, not by the launcher: no commit is named, and the run says so
    assertThat(json.get("machine").get("commit").asText()).isEqualTo("unknown");
    assertThat(json.get("workloads").get(0).get("rounds").get("blobkeep")).hasSize(3);

    byte[] png = Files.readAllBytes(out.resolve("chart.png"));
    byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    assertThat(Arrays.copyOf(png, 8)).isEqualTo(magic);
    assertThat(Files.readAllLines(out.resolve("sweep.csv")).get(0))
        .isEqualTo("backend,chunk_size,metric,median,unit,recommended");
    assertThat(Files.list(tmp.resolve("work"))).as("scratch data is removed").isEmpty();
  }
}
