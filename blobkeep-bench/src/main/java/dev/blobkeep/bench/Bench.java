package dev.blobkeep.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Side-by-side benchmarks: blobkeep and its alternatives do the same work in interleaved rounds on
 * the same machine, and each result is the median of the rounds with the paired ratio
 * ours/alternative (higher is better for blobkeep). See {@code blobkeep-bench/RESULTS.md} for the
 * workloads and the latest figures.
 *
 * <p>Run it as {@code ./blobkeep bench [--quick] [--db LOCATION] [--out DIR]}, or with this class's
 * {@link #main}. Not thread-safe: one run at a time per work directory.
 */
public final class Bench {
  private Bench() {}

  /**
   * {@code Bench [--quick] [--db JDBC_POSTGRESQL_URL] [--out DIR]}: runs everything and exits 0, or
   * 1 if a workload failed, or 2 on a usage error.
   */
  public static void main(String[] args) {
    boolean quick = false;
    String pg = null;
    Path out = Path.of("bench-out");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--db" -> pg = value(args, ++i);
        case "--out" -> out = Path.of(value(args, ++i));
        default -> usage("unknown argument '" + args[i] + "'");
      }
    }
    try {
      run(BenchConfig.of(quick, pgUrl(pg), out, out), System.out);
    } catch (Exception e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(1);
    }
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      usage(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static void usage(String message) {
    System.err.println("bench: " + message + "; usage: Bench [--quick] [--db URL] [--out DIR]");
    System.exit(2);
  }

  /** {@code given}, else {@code $BLOBKEEP_PG_URL}, else {@link BenchConfig#DEFAULT_PG_URL}. */
  public static String pgUrl(String given) {
    if (given != null) {
      return given;
    }
    String env = System.getenv(BenchConfig.PG_URL_ENV);
    return env != null && !env.isBlank() ? env : BenchConfig.DEFAULT_PG_URL;
  }

  /**
   * Runs every workload, prints progress and the results table on {@code out}, and writes {@code
   * results.csv}, {@code results.json}, {@code sweep.csv} and {@code chart.png} into the
   * configuration's output directory. Scratch data lives in a new folder under the work directory
   * and is deleted at the end.
   *
   * @return the path of {@code results.csv}
   * @throws BenchException if a workload failed; the files are written first, without it
   */
  public static Path run(BenchConfig config, PrintStream out) throws Exception {
    long t0 = System.nanoTime();
    Files.createDirectories(config.workDir());
    Path work = Files.createTempDirectory(config.workDir().toAbsolutePath(), "bench-work-");
    Map<String, Object> machine = Machine.describe(work);
    out.println("blobkeep bench: " + config);
    out.println("machine: " + machine);
    List<Measured> measured = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<ChunkSweep.Sweep> sweeps = new ArrayList<>();
    Runner runner = new Runner(out);
    Content content = new Content(config.smallCount());
    String pgProblem = Pg.unavailable(config.pgUrl());
    if (pgProblem != null) {
      out.println("note: skipping the pg-* workloads and the PostgreSQL sweep: " + pgProblem);
    }
    try (LargeData large = new LargeData(content, work, config.largeBytes())) {
      List<Workload> workloads = new ArrayList<>();
      workloads.add(new SmallRead(content, work, 0));
      workloads.add(new SmallRead(content, work, SmallRead.MEMORY_MAP));
      workloads.add(new SmallWrite(content, work, false, config.smallWriteCount()));
      workloads.add(new SmallWrite(content, work, true, config.smallEachCount()));
      workloads.add(new LargeTransfer(large, work, true));
      workloads.add(new LargeTransfer(large, work, false));
      workloads.add(new RandomAccess(large, false, config.randomMillis()));
      workloads.add(new RandomAccess(large, true, config.randomMillis()));
      if (pgProblem == null) {
        String url = config.pgUrl();
        workloads.add(new ServerSmall(Pg.server(url), content, false, config.pgSmallCount()));
        workloads.add(new ServerSmall(Pg.server(url), content, true, config.pgPutCount()));
        workloads.add(new PgLarge(content, url, work, config.pgLargeBytes(), false));
        workloads.add(new PgLarge(content, url, work, config.pgLargeBytes(), true));
      } else {
        for (String w : List.of("pg-small-get", "pg-small-put", "pg-large-get", "pg-large-put")) {
          skipped.add(w + ": " + pgProblem);
        }
      }
      String mariadbProblem = Maria.unavailable();
      if (mariadbProblem == null) {
        workloads.addAll(Maria.workloads(content, work, config));
      } else {
        Maria.NAMES.forEach(w -> skipped.add(w + ": " + mariadbProblem));
      }
      if (CliStart.launcher() != null) workloads.add(new CliStart(work, config.quick() ? 3 : 10));
      workloads.addAll(S3Endpoint.workloads(content, large, work, config));
      // -Dblobkeep.bench.only=small-read,pg-small-get: those workloads only, for deciding
      // between versions of one change; a full run (all rows, memory, sweep) is what gets reported.
      String only = System.getProperty("blobkeep.bench.only");
      List<String> chosen = only == null ? null : List.of(only.split(","));
      for (Workload w : workloads) {
        if (chosen != null && !chosen.contains(w.name())) {
          w.close();
          continue;
        }
        try (w) {
          Measured m = runner.run(w, config.rounds());
          measured.add(m);
          out.printf(Locale.ROOT, "%s: done in %.0f s%n", w.name(), m.seconds());
        } catch (Exception e) {
          failed.add(w.name() + ": " + e);
          out.println(w.name() + ": FAILED: " + e);
        }
      }
      large.close();
      if (chosen != null) {
        out.println("note: only " + chosen + " (blobkeep.bench.only): no memory probe or sweep");
      } else {
        try {
          Measured m = new MemoryProbe(work, config.memoryBytes()).run();
          measured.add(m);
          out.printf(Locale.ROOT, "memory: %s, done in %.0f s%n", m.rounds(), m.seconds());
        } catch (Exception e) {
          failed.add("memory: " + e);
          out.println("memory: FAILED: " + e);
        }
        sweep(config, content, work, pgProblem, out, sweeps, failed);
      }
    } finally {
      Scratch.delete(work);
    }
    machine.put("loadAverageEnd", Machine.load());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("quick", config.quick());
    settings.put("scale", config.scale());
    settings.put("rounds", config.rounds());
    settings.put("pgUrl", Pg.withoutPassword(config.pgUrl()));
    settings.put("failed", failed);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Report report = new Report(machine, settings, measured, sweeps, skipped, seconds);
    Outputs.write(report, config.outDir());
    out.println();
    out.print(Table.render(report.results()));
    for (ChunkSweep.Sweep s : sweeps) {
      out.println(SweepTable.render(s));
    }
    skipped.forEach(s -> out.println("skipped " + s));
    out.printf(
        Locale.ROOT,
        "%nwrote %s (results.csv, results.json, sweep.csv, chart.png) in %.0f s%n",
        config.outDir(),
        seconds);
    if (!failed.isEmpty()) {
      throw new BenchException("failed: " + String.join("; ", failed));
    }
    return config.outDir().resolve("results.csv");
  }

  private static void sweep(
      BenchConfig config,
      Content content,
      Path work,
      String pgProblem,
      PrintStream out,
      List<ChunkSweep.Sweep> sweeps,
      List<String> failed) {
    Path source = work.resolve("sweep.bin");
    ChunkSweep sweep = new ChunkSweep(out, config.sweepRandomMillis());
    try {
      content.writeFile(source, config.sweepBytes());
      sweeps.add(sweep.sqlite(work, source, config.sweepBytes(), config.sweepRounds()));
      if (pgProblem == null) {
        sweeps.add(
            sweep.postgres(config.pgUrl(), source, config.sweepBytes(), config.sweepRounds()));
      }
    } catch (Exception e) {
      failed.add("chunk-sweep: " + e);
      out.println("chunk-sweep: FAILED: " + e);
    } finally {
      Scratch.delete(source);
    }
  }
}
