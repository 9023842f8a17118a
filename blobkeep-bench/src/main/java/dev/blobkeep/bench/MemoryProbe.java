package dev.blobkeep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code memory}: a blob streamed into a store and back out by {@link MemoryWorker} in a child JVM
 * limited to a 64 MiB heap. Reports peak heap against the 64 MiB limit, and peak resident memory
 * ({@code VmHWM}) against the blob's size; both ratios are limit/used, so higher is better.
 */
final class MemoryProbe {
  static final int HEAP_MIB = 64;
  private static final double MIB = 1024 * 1024;

  private final Path dir;
  private final long size;

  MemoryProbe(Path dir, long size) {
    this.dir = dir;
    this.size = size;
  }

  Measured run() throws Exception {
    long t0 = System.nanoTime();
    Path db = dir.resolve("memory.db");
    Path log = dir.resolve("memory.log");
    Scratch.deleteDatabase(db);
    String out;
    try {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx" + HEAP_MIB + "m");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(MemoryWorker.class.getName());
      cmd.add(db.toString());
      cmd.add(Long.toString(size));
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(60, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("the memory worker did not finish within 60 minutes");
      }
      out = Files.readString(log).strip();
      if (p.exitValue() != 0 || !out.startsWith("OK ")) {
        throw new IOException("the memory worker failed (exit " + p.exitValue() + "): " + out);
      }
    } finally {
      Scratch.deleteDatabase(db);
      Scratch.delete(log);
    }
    String[] f = out.split(" ");
    double heapMib = Long.parseLong(f[1]) / MIB;
    double rssMib = Long.parseLong(f[2]) / MIB;
    double blobMib = size / MIB;
    Map<String, List<Double>> rounds = new LinkedHashMap<>();
    rounds.put("peak-heap-MiB", List.of(heapMib));
    rounds.put("vmhwm-MiB", List.of(rssMib));
    rounds.put("put-MB/s", List.of(Double.parseDouble(f[3])));
    rounds.put("get-MB/s", List.of(Double.parseDouble(f[4])));
    List<Result> results =
        List.of(
            new Result("memory", "heap-limit", heapMib, HEAP_MIB, "MiB", HEAP_MIB / heapMib),
            new Result("memory", "blob-size", rssMib, blobMib, "MiB", blobMib / rssMib));
    String settings =
        String.format(
            Locale.ROOT,
            "%d MiB generated, put from an InputStream and got into a digest, in a child JVM with"
                + " -Xmx%dm and default options; ours = peak heap (sum of heap pools' peaks) and"
                + " peak RSS (VmHWM); theirs = the heap limit and the blob size",
            size >> 20,
            HEAP_MIB);
    return new Measured(
        "memory",
        "MiB",
        settings,
        rounds,
        List.of(List.of(Contender.OURS)),
        results,
        (System.nanoTime() - t0) / 1e9);
  }
}
