package dev.blobkeep.bench;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import java.util.List;
import java.util.Locale;

/**
 * {@code pg-small-get} and {@code pg-small-put} on PostgreSQL: the small-blob set read back in a
 * random order, or written one blob per transaction, by blobkeep (its own schema) and by {@code
 * pg-bytea-row} (a plain table on the same server). Both commit with the server's default {@code
 * synchronous_commit}.
 */
final class PgSmall extends Workload {
  private static final int LOAD_BATCH = 1000;

  private final Content content;
  private final String url;
  private final boolean put;
  private final int count;
  private BlobStore store;
  private ServerRows rows;
  private BlobRef[] refs;

  PgSmall(Content content, String url, boolean put, int count) {
    super(put ? "pg-small-put" : "pg-small-get", "ops/s");
    this.content = content;
    this.url = url;
    this.put = put;
    this.count = Math.min(count, content.count());
  }

  @Override
  void setUp() throws Exception {
    Pg.dropAll(url);
    store = BlobStore.open(url, Pg.options());
    rows = Pg.byteaRows(url);
    if (put) {
      return;
    }
    refs = new BlobRef[count];
    for (int from = 0; from < count; from += LOAD_BATCH) {
      int start = from;
      store.useTransaction(
          tx -> {
            for (int k = start; k < Math.min(count, start + LOAD_BATCH); k++) {
              refs[k] = tx.put(content.small(k), PutOptions.defaults()).ref();
            }
          });
    }
    rows.begin();
    for (int k = 0; k < count; k++) {
      rows.insert(k, content.small(k));
    }
    rows.commit();
  }

  @Override
  List<Contender> contenders() {
    if (put) {
      return List.of(
          new Contender(
              Contender.OURS,
              round -> time(round, k -> store.put(content.small(k), PutOptions.defaults()))),
          new Contender(
              "pg-bytea-row",
              round -> time(round, k -> rows.insert(key(round, k), content.small(k)))));
    }
    return List.of(
        new Contender(Contender.OURS, round -> time(round, k -> store.getBytes(refs[k]))),
        new Contender("pg-bytea-row", round -> time(round, rows::read)));
  }

  /** Distinct keys per round, so rows from earlier rounds stay (as blobkeep's blobs do). */
  private int key(int round, int k) {
    return (round + 1) * count + k;
  }

  private interface Op {
    void run(int k) throws Exception;
  }

  private double time(int round, Op op) throws Exception {
    int n = round < 0 ? Math.min(200, count) : count;
    int[] order = content.randomOrder(n, 4000L + round);
    long t0 = System.nanoTime();
    for (int k : order) {
      op.run(k);
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  @Override
  String settings() {
    return String.format(
        Locale.ROOT,
        "%d blobs of %d-%d random bytes, %s; blobkeep: default options in schema %s;"
            + " pg-bytea-row: table %s (k integer PRIMARY KEY, v bytea STORAGE EXTERNAL), one"
            + " connection, prepared statements, autocommit",
        count,
        Content.MIN_SMALL,
        Content.MAX_SMALL,
        put
            ? "each written in its own transaction (server default synchronous_commit)"
            : "each read once per round in a new random order (blobkeep: getBytes by id)",
        Pg.SCHEMA,
        Pg.BYTEA_TABLE);
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
    Pg.dropAll(url);
  }
}
