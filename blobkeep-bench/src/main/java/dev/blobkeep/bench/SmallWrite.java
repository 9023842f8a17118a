package dev.blobkeep.bench;

import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writing new small blobs into an empty store, folder or table, fresh each round, in one of two
 * ways that are compared like with like:
 *
 * <ul>
 *   <li>{@code small-write}: all blobs in one transaction. Nothing is forced to the device per
 *       blob: blobkeep {@code durable(false)} and sqlite-row {@code synchronous=NORMAL} (in WAL
 *       mode, no fsync at commit), files written without fsync. This is the study's footing.
 *   <li>{@code small-write-each}: one transaction per blob, each durable on return: blobkeep {@code
 *       durable(true)} (its default, {@code synchronous=FULL}), sqlite-row {@code FULL} autocommit,
 *       files forced with {@code FileChannel.force(true)} after each write.
 * </ul>
 */
final class SmallWrite extends Workload {
  private final Content content;
  private final Path dir;
  private final boolean each;
  private final int count;

  /**
   * @param each one durable transaction per blob, else one transaction for all
   * @param count how many blobs each round writes
   */
  SmallWrite(Content content, Path dir, boolean each, int count) {
    super(each ? "small-write-each" : "small-write", "ops/s");
    this.content = content;
    this.dir = dir;
    this.each = each;
    this.count = Math.min(count, content.count());
  }

  @Override
  void setUp() {}

  @Override
  List<Contender> contenders() {
    return List.of(
        new Contender(Contender.OURS, this::ours),
        new Contender("files", round -> files(round, false)),
        new Contender("files-tree", round -> files(round, true)),
        new Contender("sqlite-row", this::rows));
  }

  private int[] order(int round) {
    return content.randomOrder(round < 0 ? Math.min(200, count) : count, 2000L + round);
  }

  private double ours(int round) throws Exception {
    Path db = dir.resolve(name() + ".db");
    Scratch.deleteDatabase(db);
    int[] order = order(round);
    try (BlobStore store = BlobStore.open(db.toString(), StoreOptions.defaults().durable(each))) {
      long t0 = System.nanoTime();
      if (each) {
        for (int k : order) {
          store.put(content.small(k), PutOptions.defaults());
        }
      } else {
        store.useTransaction(
            tx -> {
              for (int k : order) {
                tx.put(content.small(k), PutOptions.defaults());
              }
            });
      }
      return order.length / ((System.nanoTime() - t0) / 1e9);
    } finally {
      Scratch.deleteDatabase(db);
    }
  }

  private double files(int round, boolean tree) throws Exception {
    FileBlobs f = new FileBlobs(dir.resolve(name() + (tree ? "-tree" : "-flat")), tree);
    Scratch.delete(f.root());
    int[] order = order(round);
    f.prepare(content.count());
    try {
      long t0 = System.nanoTime();
      for (int k : order) {
        f.write(k, content.small(k), each);
      }
      return order.length / ((System.nanoTime() - t0) / 1e9);
    } finally {
      Scratch.delete(f.root());
    }
  }

  private double rows(int round) throws Exception {
    Path db = dir.resolve(name() + "-rows.db");
    Scratch.deleteDatabase(db);
    int[] order = order(round);
    try (SqliteRows rows = SqliteRows.open(db, each)) {
      long t0 = System.nanoTime();
      if (!each) {
        rows.begin();
      }
      for (int k : order) {
        rows.insert(k, content.small(k));
      }
      if (!each) {
        rows.commit();
      }
      return order.length / ((System.nanoTime() - t0) / 1e9);
    } finally {
      Scratch.deleteDatabase(db);
    }
  }

  @Override
  String settings() {
    return String.format(
            Locale.ROOT,
            "%d new blobs of %d-%d random bytes per round into an empty store/folder/table; ",
            count,
            Content.MIN_SMALL,
            Content.MAX_SMALL)
        + (each
            ? "one transaction per blob, durable on return: blobkeep durable=true"
                + " (synchronous=FULL), sqlite-row synchronous=FULL autocommit, files"
                + " FileChannel.force(true) after each"
            : "all in one transaction, nothing forced per blob: blobkeep durable=false"
                + " (synchronous=NORMAL), sqlite-row synchronous=NORMAL, files without fsync")
        + "; both SQLite files WAL, page_size 65536";
  }

  @Override
  boolean warmUp() {
    return true;
  }
}
