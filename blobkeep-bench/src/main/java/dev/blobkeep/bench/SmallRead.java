package dev.blobkeep.bench;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code small-read}: every blob of the small set read once, whole, in a random order (a new order
 * each round), as in SQLite's "35% faster than the filesystem" study. blobkeep reads by id with
 * {@code getBytes}; the alternatives read a file with {@code Files.readAllBytes} or select the row.
 * The data is written once before the rounds and is in the page cache for every side.
 */
final class SmallRead extends Workload {
  private static final int LOAD_BATCH = 1000;

  /** The memory map of the {@code -mmap} variant: the whole file (SQLite caps it near 2 GiB). */
  static final long MEMORY_MAP = 2L << 30;

  private final Content content;
  private final Path dir;
  private BlobStore store;
  private BlobRef[] refs;
  private SqliteRows rows;
  private final List<FileBlobs> files = new ArrayList<>();
  private final long memoryMap;

  /**
   * @param memoryMap 0 for {@code small-read} (default options on both SQLite sides); otherwise
   *     {@code small-read-mmap}: blobkeep with {@code memoryMap(bytes)}, sqlite-row with the same
   *     {@code mmap_size}
   */
  SmallRead(Content content, Path dir, long memoryMap) {
    super(memoryMap > 0 ? "small-read-mmap" : "small-read", "ops/s");
    this.content = content;
    this.dir = dir;
    this.memoryMap = memoryMap;
  }

  private StoreOptions options() {
    return StoreOptions.defaults().memoryMap(memoryMap);
  }

  @Override
  void setUp() throws Exception {
    int n = content.count();
    store = BlobStore.open(dir.resolve(name() + ".db").toString(), options());
    refs = new BlobRef[n];
    for (int from = 0; from < n; from += LOAD_BATCH) {
      int start = from;
      store.useTransaction(
          tx -> {
            for (int k = start; k < Math.min(n, start + LOAD_BATCH); k++) {
              refs[k] = tx.put(content.small(k), PutOptions.defaults()).ref();
            }
          });
    }
    // Reopened, so the write-ahead log is checkpointed now and not during the rounds.
    store.close();
    store = BlobStore.open(dir.resolve(name() + ".db").toString(), options());
    rows = SqliteRows.open(dir.resolve(name() + "-rows.db"), true);
    rows.begin();
    for (int k = 0; k < n; k++) {
      rows.insert(k, content.small(k));
    }
    rows.commit();
    rows.close();
    rows = SqliteRows.open(dir.resolve(name() + "-rows.db"), true, memoryMap);
    for (boolean tree : new boolean[] {false, true}) {
      FileBlobs f = new FileBlobs(dir.resolve(name() + (tree ? "-tree" : "-flat")), tree);
      f.prepare(n);
      for (int k = 0; k < n; k++) {
        f.write(k, content.small(k), false);
      }
      files.add(f);
    }
  }

  @Override
  List<Contender> contenders() {
    List<Contender> out = new ArrayList<>();
    out.add(new Contender(Contender.OURS, round -> time(round, k -> store.getBytes(refs[k]))));
    for (FileBlobs f : files) {
      out.add(new Contender(f.name(), round -> time(round, f::read)));
    }
    out.add(new Contender("sqlite-row", round -> time(round, rows::read)));
    return out;
  }

  private interface Read {
    byte[] read(int k) throws Exception;
  }

  /** Reads every blob once in this round's order; returns reads per second. */
  private double time(int round, Read read) throws Exception {
    int n = round < 0 ? Math.min(content.count(), 1000) : content.count();
    int[] order = content.randomOrder(n, 1000L + round);
    long bytes = 0;
    long t0 = System.nanoTime();
    for (int k : order) {
      bytes += read.read(k).length;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (round >= 0 && bytes != content.smallBytes()) {
      throw new IllegalStateException("read " + bytes + " bytes, expected " + content.smallBytes());
    }
    return n / seconds;
  }

  @Override
  String settings() {
    return String.format(
        Locale.ROOT,
        "%d blobs of %d-%d random bytes, each read once per round in a new random order;"
            + " blobkeep: getBytes by id, default options%s (chunk 256 KiB; each blob is one"
            + " chunk); sqlite-row: SELECT v FROM kv WHERE k=? on one connection, autocommit;"
            + " both SQLite files: WAL, page_size 65536, cache 64 MiB%s; files:"
            + " Files.readAllBytes; everything in the page cache",
        content.count(),
        Content.MIN_SMALL,
        Content.MAX_SMALL,
        memoryMap > 0 ? " + memoryMap(" + memoryMap + ")" : "",
        memoryMap > 0 ? ", mmap_size " + memoryMap : ", no mmap");
  }

  @Override
  boolean warmUp() {
    return true;
  }

  @Override
  public void close() throws Exception {
    if (store != null) {
      store.close();
    }
    if (rows != null) {
      rows.close();
    }
    Scratch.deleteDatabase(dir.resolve(name() + ".db"));
    Scratch.deleteDatabase(dir.resolve(name() + "-rows.db"));
    files.forEach(f -> Scratch.delete(f.root()));
  }
}
