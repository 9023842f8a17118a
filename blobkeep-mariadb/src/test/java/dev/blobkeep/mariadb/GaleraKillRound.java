package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.mariadb.GaleraWriters.Acked;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.GaleraCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.opentest4j.AssertionFailedError;

/**
 * The kill scenario of {@link GaleraTest} on a running {@link GaleraCluster}: writers on n1 and on
 * n2 (URL n2,n3) until n2 is killed with SIGKILL mid-upload, then every acknowledged blob is read
 * on n1, n3 and, once n2 rejoined, on n2. Not thread-safe.
 */
final class GaleraKillRound {
  static final StoreOptions OPTIONS =
      StoreOptions.defaults().lockTimeout(Duration.ofSeconds(60)).poolSize(4);

  /** An acknowledged blob missing on a node. */
  static final class Lost extends AssertionFailedError {
    private static final long serialVersionUID = 1;

    /** The missing blob. */
    final transient Acked blob;

    /** Where it is missing: {@code n1}, {@code n3} or {@code n2, rejoined}. */
    final String where;

    Lost(String message, Acked blob, String where, Throwable cause) {
      super(message, cause);
      this.blob = blob;
      this.where = where;
    }
  }

  private final GaleraCluster cluster;

  /** The database {@link #assertReadable} reads, for its failure message. */
  private volatile String checkedDatabase;

  /** The survivors' Galera positions once they formed a cluster of 2, or empty. */
  private String atEviction = "";

  GaleraKillRound(GaleraCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * The survivors' {@code wsrep_last_committed} when n1 first reported a cluster of 2, in the last
   * round that got that far (empty before).
   */
  String atEviction() {
    return atEviction;
  }

  /**
   * Runs the scenario on database {@code db}. Returns null, or what the survivors showed if they
   * did not form a cluster of 2 within 90 s; then the writers were stopped and n2 rejoined, and
   * nothing was checked. On a failure the nodes' logs are saved in {@code
   * target/galera-logs/DB-failed} and n2 may be left stopped.
   *
   * @throws Lost if an acknowledged blob is missing on a node
   */
  String run(String db) throws Exception {
    try {
      return runOnce(db);
    } catch (Exception | Error e) {
      Path logs = Path.of("target", "galera-logs", db + "-failed").toAbsolutePath();
      try {
        cluster.saveLogs(logs);
        System.out.println("galera: the nodes' logs at the failure are in " + logs);
      } catch (IOException | RuntimeException saving) {
        e.addSuppressed(saving);
      }
      throw e;
    }
  }

  private String runOnce(String db) throws Exception {
    long testStarted = System.nanoTime();
    checkedDatabase = db;
    atEviction = "";
    long seed = new Random().nextLong();
    System.out.println("galera kill test seed " + seed);
    List<Acked> acked = new ArrayList<>();
    AtomicLong killedAt = new AtomicLong();
    AtomicLong budget = new AtomicLong(240L * GaleraWriters.MIB);
    GaleraWriters onN1;
    GaleraWriters onN2;
    try (BlobStore a = BlobStore.open(cluster.jdbcUrl(1, db), OPTIONS);
        BlobStore b = BlobStore.open(cluster.sequentialUrl(db, 2, 3), OPTIONS)) {
      onN1 = new GaleraWriters("n1", a, acked, budget, killedAt, 2);
      onN2 = new GaleraWriters("n2", b, acked, budget, killedAt, 2);
      long stopAt = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
      onN1.start(2, seed, stopAt);
      onN2.start(2, seed + 100, stopAt);
      while (size(acked) < 3 || onN2.inFlight() == 0) {
        assertThat(System.nanoTime()).as("3 puts acknowledged in time").isLessThan(stopAt);
        Thread.sleep(20);
      }
      cluster.kill(2); // n2's writers are mid-upload
      killedAt.set(System.nanoTime());
      String wedged = awaitEviction();
      if (wedged != null) {
        Path logs = Path.of("target", "galera-logs", db).toAbsolutePath();
        cluster.saveLogs(logs);
        System.out.println("galera: the nodes' logs at the wedge are in " + logs);
        budget.set(0); // no new puts; a membership change (n2 back) ends the waiting ones
        rejoin(cluster, 2);
        onN1.await(300);
        onN2.await(300);
        return wedged;
      }
      atEviction =
          "n1 "
              + cluster.status(1).get("wsrep_last_committed")
              + ", n3 "
              + cluster.status(3).get("wsrep_last_committed");
      onN1.await(300);
      onN2.await(300);
      System.out.printf(
          Locale.ROOT,
          "galera: n2 killed; survivors of 2 at wsrep_last_committed %s; first put begun after the"
              + " kill acknowledged %.1f s after it through n1, %.1f s through the n2,n3 URL;"
              + " %d blobs acknowledged (%d after the kill); failed puts %d through n1 %s, %d"
              + " through n2,n3 %s%n",
          atEviction,
          onN1.secondsToFirstWrite(),
          onN2.secondsToFirstWrite(),
          size(acked),
          onN1.ackedAfterKill() + onN2.ackedAfterKill(),
          onN1.failed(),
          onN1.failures(),
          onN2.failed(),
          onN2.failures());
      assertThat(onN1.ackedAfterKill() + onN2.ackedAfterKill())
          .as("puts acknowledged after the kill")
          .isPositive();
      assertReadable(a, acked, "n1");
      assertOnlyAcknowledgedVisible(a, acked);
      assertThat(a.verifyAll().problems()).as("verify on n1").isEmpty();
    }
    try (BlobStore a = BlobStore.open(cluster.jdbcUrl(1, db), OPTIONS)) {
      a.gc(); // the writers' store on n2,n3 is closed: its interrupted uploads are leftovers now
      assertThat(notReady(cluster, 1, db)).as("pending rows after gc").isZero();
    }
    try (BlobStore n3 = BlobStore.open(cluster.jdbcUrl(3, db), OPTIONS.readOnly(true))) {
      assertReadable(n3, acked, "n3");
    }
    long restarting = System.nanoTime();
    rejoin(cluster, 2);
    double rejoin = (System.nanoTime() - restarting) / 1e9;
    try (BlobStore n2 = BlobStore.open(cluster.jdbcUrl(2, db), OPTIONS.readOnly(true))) {
      assertReadable(n2, acked, "n2, rejoined");
      assertOnlyAcknowledgedVisible(n2, acked);
      assertThat(n2.verifyAll().problems()).as("verify on n2, rejoined").isEmpty();
    }
    System.out.printf(
        Locale.ROOT,
        "galera: n2 rejoined by %s and synced in %.1f s; kill test took %.1f s%n",
        cluster.lastStateTransfer(2),
        rejoin,
        (System.nanoTime() - testStarted) / 1e9);
    return null;
  }

  /**
   * Waits up to 90 s for n1 to report a cluster of 2; null if it did, else what the survivors show
   * (Galera's eviction takes about 5 s).
   */
  private String awaitEviction() throws Exception {
    try {
      cluster.awaitClusterSize(1, 2, 90);
      return null;
    } catch (AssertionError e) {
      StringBuilder why = new StringBuilder();
      for (int n : new int[] {1, 3}) {
        Map<String, String> s = cluster.status(n);
        why.append(
            String.format(
                Locale.ROOT,
                "n%d: cluster size %s, %s, %s statement(s) waiting for certification; ",
                n,
                s.get("wsrep_cluster_size"),
                s.get("wsrep_local_state_comment"),
                cluster
                    .sql(
                        n,
                        "SELECT count(*) FROM information_schema.processlist"
                            + " WHERE state = 'Waiting for certification'")
                    .strip()));
      }
      String log = cluster.logTail(1, 200);
      return why.append(
              log.contains("Temporary failure in sending state UUID")
                  ? "n1 logged 'Temporary failure in sending state UUID'"
                  : "n1's log ends: " + cluster.logTail(1, 5))
          .toString();
    }
  }

  /**
   * Restarts node {@code n} until it is synced, at most 3 times: a joiner whose donor is still
   * recovering from a wedge aborts ("Will never receive state").
   */
  static void rejoin(GaleraCluster cluster, int n) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        if (cluster.pid(n) != -1) {
          cluster.kill(n);
        }
        cluster.restart(n, 120);
        return;
      } catch (AssertionError e) {
        if (attempt == 3) {
          throw e;
        }
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        System.out.println("galera: rejoin attempt " + attempt + " of n" + n + " failed: " + first);
      }
    }
  }

  /** The rows of the key of {@code a} on every running node, for a failure message. */
  String rows(Acked a) {
    String database = checkedDatabase;
    StringBuilder out = new StringBuilder();
    for (int n = 1; n <= GaleraCluster.NODES; n++) {
      try {
        out.append("n").append(n).append(": ");
        out.append(
            cluster
                .sql(
                    n,
                    "SET SESSION wsrep_sync_wait = 1; SELECT id, state, size, version, owner,"
                        + " updated FROM "
                        + database
                        + ".blobkeep_blobs WHERE `key` = '"
                        + a.key()
                        + "' OR id = '"
                        + a.id()
                        + "'; SELECT count(*) FROM "
                        + database
                        + ".blobkeep_chunks WHERE blob_id = '"
                        + a.id()
                        + "'")
                .strip());
      } catch (Exception e) {
        out.append("(").append(e.getMessage()).append(")");
      }
      out.append("; ");
    }
    return out.toString();
  }

  private static int size(List<Acked> acked) {
    synchronized (acked) {
      return acked.size();
    }
  }

  private void assertReadable(BlobStore store, List<Acked> acked, String where) {
    for (Acked a : acked) {
      byte[] content;
      try {
        content = store.getBytes(BlobRef.id(a.id()));
      } catch (BlobNotFoundException e) {
        StringBuilder all = new StringBuilder();
        for (Acked x : acked) {
          boolean there;
          try {
            store.info(BlobRef.id(x.id()));
            there = true;
          } catch (BlobNotFoundException gone) {
            there = false;
          }
          all.append(x.key())
              .append('=')
              .append(x.id())
              .append(there ? " ok" : " MISSING")
              .append("; ");
        }
        throw new Lost(
            "acknowledged "
                + a
                + " is missing on "
                + where
                + "; its key's rows: "
                + rows(a)
                + " all: "
                + all,
            a,
            where,
            e);
      }
      assertThat(Bytes.sha256(content)).as("blob %s on %s", a.key(), where).isEqualTo(a.sha256());
    }
  }

  /** Every ready blob of the bucket is one of the acknowledged puts, with its content. */
  private static void assertOnlyAcknowledgedVisible(BlobStore store, List<Acked> acked) {
    Map<String, String> shaByKey = new HashMap<>();
    acked.forEach(a -> shaByKey.put(a.key(), a.sha256()));
    List<BlobInfo> visible = store.list(Query.bucket(GaleraTest.BUCKET).limit(10_000)).items();
    for (BlobInfo info : visible) {
      assertThat(shaByKey).as("visible blobs").containsEntry(info.key(), info.sha256());
    }
    assertThat(visible).hasSize(acked.size());
  }

  /** Blob rows that are not ready (uploads in progress or left behind), read on node {@code n}. */
  static long notReady(GaleraCluster cluster, int n, String db) throws Exception {
    return Long.parseLong(
        cluster
            .sql(
                n,
                "SET SESSION wsrep_sync_wait = 1; SELECT count(*) FROM "
                    + db
                    + ".blobkeep_blobs WHERE state <> 'ready'")
            .strip());
  }
}
