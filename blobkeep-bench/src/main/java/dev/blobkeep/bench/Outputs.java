package dev.blobkeep.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a run's files: {@code results.csv} (one row per workload and alternative), {@code
 * results.json} (every round's figures, the settings, the machine), {@code sweep.csv} (the
 * chunk-size sweep's medians) and {@code chart.png}.
 */
final class Outputs {
  static final String CSV_HEADER = "workload,alternative,ours,theirs,unit,ratio";
  static final String SWEEP_HEADER = "backend,chunk_size,metric,median,unit,recommended";

  private Outputs() {}

  static void write(Report report, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("results.csv"), csv(report.results()), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("sweep.csv"), sweepCsv(report.chunkSweep()), StandardCharsets.UTF_8);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve("results.json").toFile(), report);
    Files.write(dir.resolve("chart.png"), Chart.png(report.results()));
  }

  static String csv(List<Result> results) {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
    for (Result r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%s,%s,%s,%s%n",
              r.workload(),
              r.alternative(),
              plain(r.ours()),
              plain(r.theirs()),
              r.unit(),
              String.format(Locale.ROOT, "%.4f", r.ratio())));
    }
    return sb.toString();
  }

  static String sweepCsv(List<ChunkSweep.Sweep> sweeps) {
    StringBuilder sb = new StringBuilder(SWEEP_HEADER).append('\n');
    for (ChunkSweep.Sweep s : sweeps) {
      s.medians()
          .forEach(
              (cs, metrics) ->
                  metrics.forEach(
                      (metric, v) -> {
                        String[] nameUnit = metric.split(" ");
                        sb.append(
                            String.format(
                                Locale.ROOT,
                                "%s,%d,%s,%s,%s,%s%n",
                                s.backend(),
                                cs,
                                nameUnit[0],
                                plain(v),
                                nameUnit[1],
                                cs == s.recommended()));
                      }));
    }
    return sb.toString();
  }

  private static String plain(double v) {
    return String.format(Locale.ROOT, v >= 100 ? "%.1f" : "%.3f", v);
  }
}
