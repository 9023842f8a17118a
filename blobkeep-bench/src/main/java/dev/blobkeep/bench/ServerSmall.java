package dev.blobkeep.bench;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import java.util.List;
import java.util.Locale;

/**
 * {@code pg-small-get} and {@code pg-small-put}, {@code mariadb-small-get} and {@code
 * mariadb-small-put}: the small-blob set read back in a random order, or written one blob per
 * transaction, by blobkeep (a schema or database of its own) and by the server's plain-row
 * alternative (a table on the same server). Both commit as the server is set to ({@link
 * Server#commitRule}).
 */
final class ServerSmall extends Workload {
  private static final int LOAD_BATCH = 1000;

  private final Server server;
  private final Content content;
  private final boolean put;
  private final int count;
  private BlobStore store;
  private ServerRows rows;
  private BlobRef[] refs;

  ServerSmall(Server server, Content content, boolean put, int count) {
    super(server.name() + (put ? "-small-put" : "-small-get"), "ops/s");
    this.server = server;
    this.content = content;
    this.put = put;
    this.count = Math.min(count, content.count());
  }

  @Override
  void setUp() throws Exception {
    server.dropAll().run();
    store = server.store().get();
    rows = server.rows().open();
    if (put) {
      return;
    }
    // Both sides are loaded batch by batch in turn, the first of each pair alternating, so that
    // neither owns the server's cache when the rounds start. Loaded one whole side after the
    // other, the side loaded last kept its pages in the young part of MariaDB's buffer pool for
    // the whole run (a page read from disk in a round is evicted from the old part before the
    // next round reads it again, so the rounds made no page young): its gets missed the pool 0.80
    // times each against blobkeep's 1.00, and blobkeep read at 0.87x the row's rate.
    refs = new BlobRef[count];
    for (int from = 0; from < count; from += LOAD_BATCH) {
      int first = from;
      int end = Math.min(count, from + LOAD_BATCH);
      boolean oursFirst = (from / LOAD_BATCH) % 2 == 0;
      if (oursFirst) {
        loadOurs(first, end);
      }
      rows.begin();
      for (int k = first; k < end; k++) {
        rows.insert(k, content.small(k));
      }
      rows.commit();
      if (!oursFirst) {
        loadOurs(first, end);
      }
    }
  }

  /** Puts blobs {@code first} to {@code end - 1} of the small set in one transaction. */
  private void loadOurs(int first, int end) {
    store.useTransaction(
        tx -> {
          for (int k = first; k < end; k++) {
            refs[k] = tx.put(content.small(k), PutOptions.defaults()).ref();
          }
        });
  }

  @Override
  List<Contender> contenders() {
    if (!put) {
      return List.of(
          new Contender(Contender.OURS, round -> perSecond(round, k -> store.getBytes(refs[k]))),
          new Contender(server.alternative(), round -> perSecond(round, rows::read)));
    }
    return List.of(
        new Contender(
            Contender.OURS,
            round -> perSecond(round, k -> store.put(content.small(k), PutOptions.defaults()))),
        new Contender(
            server.alternative(),
            // distinct keys per round: earlier rounds' rows stay, as blobkeep's blobs do
            round ->
                perSecond(round, k -> rows.insert((round + 1) * count + k, content.small(k)))));
  }

  private interface Step {
    void run(int k) throws Exception;
  }

  /**
   * Runs {@code step} on every blob of the round in a random order; operations per second. The
   * warm-up ({@code round} -1) is a whole round too. After a warm-up of 200 gets, blobkeep's first
   * recorded round of MariaDB gets ran partly before the JIT's final code, at 93-110 us of client
   * CPU per get against 33-36 in the rounds after it (the row's shorter path: 35 against 29); after
   * one of 3,000 gets, still at 60: that round measured the JIT more than the read.
   */
  private double perSecond(int round, Step step) throws Exception {
    int[] order = content.randomOrder(count, server.orderSeed() + round);
    int n = order.length;
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
        "%d blobs of %d-%d random bytes, %s; blobkeep: default options in %s; %s: %s",
        count,
        Content.MIN_SMALL,
        Content.MAX_SMALL,
        put
            ? "each written in its own transaction (" + server.commitRule() + ")"
            : "each read once per round in a new random order (blobkeep: getBytes by id)",
        server.storePlace(),
        server.alternative(),
        server.table());
  }

  @Override
  boolean warmUp() {
    return true;
  }

  @Override
  public void close() throws Exception {
    try (BlobStore s = store;
        ServerRows r = rows) {
      // both closed, then the store's and the alternative's tables dropped
    }
    server.dropAll().run();
  }
}
