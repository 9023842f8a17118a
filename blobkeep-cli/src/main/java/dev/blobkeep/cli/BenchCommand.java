package dev.blobkeep.cli;

import dev.blobkeep.bench.Bench;
import dev.blobkeep.bench.BenchConfig;
import dev.blobkeep.bench.BenchException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: runs blobkeep beside files, plain SQLite rows and plain PostgreSQL rows, in
 * interleaved rounds, and writes the results (see {@code blobkeep-bench}).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures blobkeep beside its alternatives on this machine.",
      // One array element a line, each under 80 columns: picocli would wrap inside file names
      // and URLs (after a '.' or ':').
      "Small blobs against one file per blob and a plain SQLite table, large blobs",
      "against a file copy, random 4 KiB access against RandomAccessFile, PostgreSQL",
      "against a plain bytea table, memory in a 64 MiB heap, and a chunk-size sweep.",
      "Every workload runs all sides in interleaved rounds and reports medians and",
      "the ratio blobkeep/alternative (higher is better). Prints a table; writes",
      "results.csv, results.json, sweep.csv and chart.png into --out.",
      "--db names the PostgreSQL server (a jdbc:postgresql: URL), by default",
      "$" + BenchConfig.PG_URL_ENV + ", else",
      "  " + BenchConfig.DEFAULT_PG_URL,
      "Any other --db is a SQLite path whose folder holds the scratch data",
      "(default: the --out folder). PostgreSQL workloads are skipped, with a note,",
      "when the server cannot be reached."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep bench --quick",
      "  blobkeep --db 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres' \\",
      "      bench --out results"
    })
final class BenchCommand extends Subcommand {
  @Option(
      names = "--quick",
      description = {
        "Smaller sizes and fewer rounds (10k small",
        "blobs, 256 MiB large): about a minute on an",
        "idle machine, ten or more under heavy load."
      })
  boolean quick;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "bench-out",
      description = "Where the result files go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  void run(Terminal terminal) throws Exception {
    String db = root.db; // only an explicit --db: $BLOBKEEP_DB names a store, not a bench target
    String pg = terminal.env(BenchConfig.PG_URL_ENV);
    Path work = out;
    if (db != null && db.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
      pg = db;
    } else if (db != null) {
      String path = db.regionMatches(true, 0, "jdbc:sqlite:", 0, 12) ? db.substring(12) : db;
      Path parent = Path.of(path).toAbsolutePath().getParent();
      work = parent != null ? parent : work;
    }
    PrintStream stdout = new PrintStream(terminal.out(), true, StandardCharsets.UTF_8);
    try {
      Bench.run(BenchConfig.of(quick, Bench.pgUrl(pg), work, out), stdout);
    } catch (BenchException | IllegalArgumentException e) {
      throw new CommandException(e.getMessage());
    } finally {
      stdout.flush();
    }
  }
}
