package dev.blobkeep.bench;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import java.util.List;
import java.util.Locale;

/**
 * {@code mariadb-small-get} and {@code mariadb-small-put} on MariaDB: the small-blob set read back
 * in a random order, or written one blob per transaction, by blobkeep (a database of its own) and
 * by {@code mariadb-longblob-row} (a plain table on the same server). Both commit with the server's
 * {@code innodb_flush_log_at_trx_commit}.
 */
final class MariaSmall extends Workload {
  private static final int LOAD_BATCH = 1000;

  private final Content content;
  private final boolean put;
  private final int count;
  private BlobStore store;
  private ServerRows rows;
  private BlobRef[] refs;

  MariaSmall(Content content, boolean put, int count) {
    super(put ? "mariadb-small-put" : "mariadb-small-get", "ops/s");
    this.content = content;
    this.put = put;
    this.count = Math.min(count, content.count());
  }

  @Override
  void setUp() throws Exception {
    Maria.dropAll();
    store = BlobStore.open(Maria.url(Maria.STORE_DATABASE));
    rows = Maria.longblobRows();
    if (put) {
      return;
    }
    refs = new BlobRef[count];
    for (int from = 0; from < count; from += LOAD_BATCH) {
      int first = from;
      int end = Math.min(count, from + LOAD_BATCH);
      store.useTransaction(
          tx -> {
            for (int k = first; k < end; k++) {
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
    if (!put) {
      return List.of(
          new Contender(Contender.OURS, round -> perSecond(round, k -> store.getBytes(refs[k]))),
          new Contender("mariadb-longblob-row", round -> perSecond(round, rows::read)));
    }
    return List.of(
        new Contender(
            Contender.OURS,
            round -> perSecond(round, k -> store.put(content.small(k), PutOptions.defaults()))),
        new Contender(
            "mariadb-longblob-row",
            // distinct keys per round: earlier rounds' rows stay, as blobkeep's blobs do
            round ->
                perSecond(round, k -> rows.insert((round + 1) * count + k, content.small(k)))));
  }

  private interface Step {
    void run(int k) throws Exception;
  }

  /** Runs {@code step} on every blob of the round in a random order; operations per second. */
  private double perSecond(int round, Step step) throws Exception {
    int n = round < 0 ? Math.min(200, count) : count;
    int[] order = content.randomOrder(n, 5000L + round);
    long t0 = System.nanoTime();
    for (int k : order) {
      step.run(k);
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  @Override
  String settings() {
    return String.format(
        Locale.ROOT,
        "%d blobs of %d-%d random bytes, %s; blobkeep: default options in database %s;"
            + " mariadb-longblob-row: InnoDB table %s.rows_table (k INT PRIMARY KEY, v LONGBLOB),"
            + " one connection, client-side prepared statements, autocommit",
        count,
        Content.MIN_SMALL,
        Content.MAX_SMALL,
        put
            ? "each written in its own transaction (server's innodb_flush_log_at_trx_commit)"
            : "each read once per round in a new random order (blobkeep: getBytes by id)",
        Maria.STORE_DATABASE,
        Maria.ROWS_DATABASE);
  }

  @Override
  boolean warmUp() {
    return true;
  }

  @Override
  public void close() throws Exception {
    try (BlobStore s = store;
        ServerRows r = rows) {
      // both closed, then the databases dropped
    }
    Maria.dropAll();
  }
}
