package dev.blobkeep.bench;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.Whence;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The chunk-size sweep: for each chunk size from 16 KiB to 4 MiB, a new store on one backend takes
 * a put of the sweep blob from a file, a get of it into nothing, and random 4 KiB reads for a fixed
 * time. Sizes are interleaved and their order reversed every other round, as in {@link Runner}. The
 * recommended size maximizes the geometric mean of the three figures, each taken relative to the
 * best size for that figure.
 */
final class ChunkSweep {
  static final int[] SIZES = {16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20};
  static final List<String> METRICS = List.of("put MB/s", "get MB/s", "random-read ops/s");

  /**
   * One backend's sweep.
   *
   * @param figures chunk size, then metric, to every round's figure
   * @param medians chunk size, then metric, to the median
   * @param recommended the chunk size recommended from these figures
   */
  record Sweep(
      String backend,
      String settings,
      Map<Integer, Map<String, List<Double>>> figures,
      Map<Integer, Map<String, Double>> medians,
      int recommended) {}

  private interface Opener {
    BlobStore open(int chunkSize) throws Exception;
  }

  private interface Cleaner {
    void clean() throws Exception;
  }

  private final PrintStream log;
  private final long randomMillis;

  ChunkSweep(PrintStream log, long randomMillis) {
    this.log = log;
    this.randomMillis = randomMillis;
  }

  /** The sweep on SQLite, each size in a new file under {@code dir}. */
  Sweep sqlite(Path dir, Path source, long bytes, int rounds) throws Exception {
    Path db = dir.resolve("sweep.db");
    return run(
        "sqlite",
        cs -> {
          Scratch.deleteDatabase(db);
          return BlobStore.open(db.toString(), StoreOptions.defaults().chunkSize(cs));
        },
        () -> Scratch.deleteDatabase(db),
        source,
        bytes,
        rounds);
  }

  /** The sweep on PostgreSQL, each size in a new schema. */
  Sweep postgres(String url, Path source, long bytes, int rounds) throws Exception {
    return run(
        "postgres",
        cs -> {
          Pg.dropAll(url);
          return BlobStore.open(url, Pg.options().chunkSize(cs));
        },
        () -> Pg.dropAll(url),
        source,
        bytes,
        rounds);
  }

  private Sweep run(
      String backend, Opener opener, Cleaner cleaner, Path source, long bytes, int rounds)
      throws Exception {
    Map<Integer, Map<String, List<Double>>> figures = new LinkedHashMap<>();
    for (int cs : SIZES) {
      Map<String, List<Double>> m = new LinkedHashMap<>();
      METRICS.forEach(k -> m.put(k, new ArrayList<>()));
      figures.put(cs, m);
    }
    for (int r = 0; r < rounds; r++) {
      List<Integer> order = new ArrayList<>(figures.keySet());
      if (r % 2 == 1) {
        Collections.reverse(order);
      }
      for (int cs : order) {
        Settle.now();
        double[] f = once(opener, cleaner, cs, source, bytes, r);
        for (int i = 0; i < f.length; i++) {
          figures.get(cs).get(METRICS.get(i)).add(f[i]);
        }
        log.printf(
            Locale.ROOT,
            "chunk-sweep %s round %d/%d chunk %s: put %s MB/s, get %s MB/s, random-read %s ops/s%n",
            backend,
            r + 1,
            rounds,
            Table.bytes(cs),
            Table.number(f[0]),
            Table.number(f[1]),
            Table.number(f[2]));
      }
    }
    Map<Integer, Map<String, Double>> medians = new LinkedHashMap<>();
    figures.forEach(
        (cs, m) -> {
          Map<String, Double> med = new LinkedHashMap<>();
          m.forEach((k, v) -> med.put(k, Stats.median(v)));
          medians.put(cs, med);
        });
    String settings =
        String.format(
            Locale.ROOT,
            "%d MiB put from a file, got into nothing, then random 4 KiB reads for %d ms; a new"
                + " store per chunk size and round; other options default",
            bytes >> 20,
            randomMillis);
    return new Sweep(backend, settings, figures, medians, recommend(medians));
  }

  private double[] once(Opener opener, Cleaner cleaner, int cs, Path source, long bytes, int round)
      throws Exception {
    try (BlobStore store = opener.open(cs)) {
      long t0 = System.nanoTime();
      BlobInfo info = store.put(source, PutOptions.defaults());
      double put = info.size() / 1e6 / ((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      long n = store.get(info.ref(), OutputStream.nullOutputStream());
      double get = n / 1e6 / ((System.nanoTime() - t0) / 1e9);
      double random;
      try (BlobChannel ch = store.open(info.ref(), OpenMode.READ)) {
        SplittableRandom rnd = new SplittableRandom(5000L + round);
        byte[] buf = new byte[RandomAccess.IO_SIZE];
        long slots = info.size() / buf.length;
        long ops = 0;
        long elapsed;
        t0 = System.nanoTime();
        do {
          ch.seek(rnd.nextLong(slots) * buf.length, Whence.START);
          ch.readInto(buf, 0, buf.length);
          ops++;
          elapsed = System.nanoTime() - t0;
        } while (elapsed < randomMillis * 1_000_000L);
        random = ops / (elapsed / 1e9);
      }
      if (info.size() != bytes || n != bytes) {
        throw new IllegalStateException(
            "chunk size " + cs + ": put " + info.size() + " and got " + n + " of " + bytes);
      }
      return new double[] {put, get, random};
    } finally {
      cleaner.clean();
    }
  }

  /** The size whose figures, each relative to the best size's, have the highest geometric mean. */
  static int recommend(Map<Integer, Map<String, Double>> medians) {
    Map<String, Double> best = new LinkedHashMap<>();
    medians.values().forEach(m -> m.forEach((k, v) -> best.merge(k, v, Math::max)));
    int chosen = -1;
    double top = -1;
    for (Map.Entry<Integer, Map<String, Double>> e : medians.entrySet()) {
      double logSum = 0;
      for (Map.Entry<String, Double> m : e.getValue().entrySet()) {
        logSum += Math.log(m.getValue() / best.get(m.getKey()));
      }
      double score = Math.exp(logSum / e.getValue().size());
      if (score > top) {
        top = score;
        chosen = e.getKey();
      }
    }
    return chosen;
  }
}
