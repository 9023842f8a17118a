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

  private final Content content;
  private final Path dir;
  private BlobStore store;
  private BlobRef[] refs;
  private SqliteRows rows;
  private final List<FileBlobs> files = new ArrayList<>();

  SmallRead(Content content, Path dir) {
    super("small-read", "ops/s");
    this.content = content;
    this.dir = dir;
  }

  @Override
  void setUp() throws Exception {
    int n = content.count();
    store = BlobStore.open(dir.resolve("small-read.db").toString(), StoreOptions.defaults());
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
    store = BlobStore.open(dir.resolve("small-read.db").toString(), StoreOptions.defaults());
    rows = SqliteRows.open(dir.resolve("small-read-rows.db"), true);
    rows.begin();
    for (int k = 0; k < n; k++) {
      rows.insert(k, content.small(k));
    }
    rows.commit();
    rows.close();
    rows = SqliteRows.open(dir.resolve("small-read-rows.db"), true);
    for (boolean tree : new boolean[] {false, true}) {
      FileBlobs f = new FileBlobs(dir.resolve(tree ? "small-read-tree" : "small-read-flat"), tree);
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
            + " blobkeep: getBytes by id, default options (chunk 256 KiB; each blob is one chunk);"
            + " sqlite-row: SELECT v FROM kv WHERE k=? on one connection, autocommit;"
            + " both SQLite files: WAL, page_size 65536, cache 16 MiB; files: Files.readAllBytes;"
            + " everything in the page cache",
        content.count(),
        Content.MIN_SMALL,
        Content.MAX_SMALL);
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
    Scratch.deleteDatabase(dir.resolve("small-read.db"));
    Scratch.deleteDatabase(dir.resolve("small-read-rows.db"));
    files.forEach(f -> Scratch.delete(f.root()));
  }
}
