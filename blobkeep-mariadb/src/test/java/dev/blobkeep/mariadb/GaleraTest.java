package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.GcReport;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.TransactionConflictException;
import dev.blobkeep.mariadb.GaleraWriters.Acked;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.GaleraCluster;
import dev.blobkeep.testkit.PausedUpload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Stores on a real 3-node MariaDB Galera cluster ({@link GaleraCluster}, SQL ports 3311-3313), one
 * database per test: reads through one node see writes acknowledged through another; two nodes
 * updating one blob's metadata at once conflict at certification, and the loser either fails with
 * nothing done or runs again; an upload whose owner is alive on one node is never collected by gc
 * on another; and writers on two nodes ride through a SIGKILL of one node mid-upload with every
 * acknowledged blob intact on every node, including the killed one once it rejoined. Skipped
 * without MariaDB and Galera, failed instead under {@code CI=true}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class GaleraTest {
  static final String BUCKET = "galera";

  private static final StoreOptions OPTIONS =
      StoreOptions.defaults().lockTimeout(Duration.ofSeconds(60)).poolSize(4);

  private static GaleraCluster cluster;

  /** The database {@link #assertReadable} reads, for its failure message. */
  private static volatile String checkedDatabase;

  @TempDir Path tmp;

  @BeforeAll
  static void startCluster() throws Exception {
    String why = GaleraCluster.unavailable();
    if (why != null && "true".equals(System.getenv("CI"))) {
      throw new AssertionFailedError(why);
    }
    Assumptions.assumeTrue(why == null, why);
    long started = System.nanoTime();
    cluster = GaleraCluster.start();
    System.out.printf(
        Locale.ROOT, "galera: 3 nodes synced in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  /** A node a failed test left stopped is started again, so that tests do not fail in a chain. */
  @BeforeEach
  void everyNodeRuns() throws Exception {
    cluster.restartStopped(240);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aBlobWrittenThroughOneNodeIsReadAtOnceThroughAnother() throws Exception {
    BlobStore[] nodes = new BlobStore[GaleraCluster.NODES];
    try {
      for (int n = 1; n <= nodes.length; n++) {
        nodes[n - 1] = BlobStore.open(cluster.jdbcUrl(n, "galera_read"), OPTIONS);
      }
      for (int i = 0; i < 30; i++) {
        BlobStore writer = nodes[i % 3];
        BlobStore reader = nodes[(i + 1) % 3];
        byte[] data = Bytes.random(1000 + 7919 * i, i);
        BlobRef ref = BlobRef.key("read", "k" + i);
        writer.put(data, PutOptions.at("read", "k" + i).meta("round", "w" + i));
        assertThat(reader.getBytes(ref)).as("round %d read on the next node", i).isEqualTo(data);
        reader.updateMeta(ref, Map.of("round", "r" + i), List.of());
        assertThat(writer.info(ref).meta("round"))
            .as("round %d metadata back", i)
            .isEqualTo("r" + i);
        writer.delete(ref);
        assertThat(reader.exists(ref)).as("round %d deleted, seen on the next node", i).isFalse();
      }
    } finally {
      for (BlobStore s : nodes) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  @Test
  void concurrentMetadataUpdatesOnTwoNodesConflictAndTheLoserChangesNothingOrRunsAgain()
      throws Exception {
    String db = "galera_conflict";
    try (BlobStore b = BlobStore.open(cluster.jdbcUrl(2, db), OPTIONS);
        BlobStore a = BlobStore.open(cluster.jdbcUrl(1, db), OPTIONS);
        BlobStore again = BlobStore.open(cluster.jdbcUrl(1, db), OPTIONS.transactionRetries(3))) {
      BlobRef ref = b.put(Bytes.random(5000, 1), PutOptions.at("conflict", "x")).ref();
      long conflictsBefore = conflicts();

      // A's transaction on n1 changes the row, then B commits a change of the same row on n2.
      assertThatThrownBy(
              () ->
                  a.useTransaction(
                      tx -> {
                        tx.updateMeta(ref, Map.of("a", "1"), List.of());
                        b.updateMeta(ref, Map.of("b", "1"), List.of());
                      }))
          .isInstanceOf(TransactionConflictException.class)
          .hasMessageContaining("conflicted with a concurrent");
      for (int n = 1; n <= GaleraCluster.NODES; n++) {
        try (BlobStore node = BlobStore.open(cluster.jdbcUrl(n, db), OPTIONS.readOnly(true))) {
          assertThat(node.info(ref).meta())
              .as("on n%d", n)
              .containsEntry("b", "1")
              .doesNotContainKey("a");
        }
      }

      AtomicInteger runs = new AtomicInteger();
      again.useTransaction(
          tx -> {
            tx.updateMeta(ref, Map.of("a", "2"), List.of());
            if (runs.incrementAndGet() == 1) {
              b.updateMeta(ref, Map.of("b", "2"), List.of());
            }
          });
      assertThat(runs).as("runs of the transaction body").hasValue(2);
      assertThat(b.info(ref).meta()).containsEntry("a", "2").containsEntry("b", "2");

      // Many updates of one row on two nodes at once: each either applies or retries itself.
      CompletableFuture<Void> onA = CompletableFuture.runAsync(() -> bump(a, ref, "a"));
      CompletableFuture<Void> onB = CompletableFuture.runAsync(() -> bump(b, ref, "b"));
      onA.get(120, TimeUnit.SECONDS);
      onB.get(120, TimeUnit.SECONDS);
      assertThat(a.info(ref).meta()).containsEntry("a", "n49").containsEntry("b", "n49");
      System.out.printf(
          Locale.ROOT,
          "galera: certification failures and brute-force aborts during the conflict test: %d%n",
          conflicts() - conflictsBefore);
    }
  }

  private static void bump(BlobStore store, BlobRef ref, String field) {
    for (int i = 0; i < 50; i++) {
      store.updateMeta(ref, Map.of(field, "n" + i), List.of());
    }
  }

  /** Certification failures and brute-force aborts on every node so far. */
  private static long conflicts() throws Exception {
    long sum = 0;
    for (int n = 1; n <= GaleraCluster.NODES; n++) {
      Map<String, String> s = cluster.status(n);
      sum +=
          Long.parseLong(s.get("wsrep_local_cert_failures"))
              + Long.parseLong(s.get("wsrep_local_bf_aborts"));
    }
    return sum;
  }

  @Test
  void anUploadWhoseOwnerIsAliveOnOneNodeIsNeverCollectedByGcOnAnother() throws Exception {
    String db = "galera_lease";
    StoreOptions shortLeases = OPTIONS.leases(Duration.ofMillis(200), Duration.ofSeconds(1));
    Path go = tmp.resolve("go");
    try (BlobStore a = BlobStore.open(cluster.jdbcUrl(1, db), shortLeases);
        BlobStore b = BlobStore.open(cluster.jdbcUrl(2, db), shortLeases)) {
      PausedUpload content = new PausedUpload(go);
      CompletableFuture<BlobInfo> upload =
          CompletableFuture.supplyAsync(() -> a.put(content, PutOptions.at("live", "blob")));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (notReady(2, db) == 0 && !upload.isDone() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(notReady(2, db)).as("the paused upload's pending row, seen on n2").isEqualTo(1);
      // Spans several lease expiries of A: its renewals through n1 keep the upload alive on n2.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
      while (System.nanoTime() < until) {
        GcReport report = b.gc();
        assertThat(report.abandonedUploads()).as("uploads of a live owner collected").isZero();
        Thread.sleep(200);
      }
      assertThat(notReady(2, db)).as("the paused upload's pending row after gc on n2").isEqualTo(1);
      Files.createFile(go);
      BlobInfo info = upload.get(120, TimeUnit.SECONDS);
      assertThat(b.getBytes(BlobRef.key("live", "blob"))).hasSize(2 * PausedUpload.BATCH);
      assertThat(b.info(BlobRef.key("live", "blob")).sha256()).isEqualTo(info.sha256());
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES) // a wedge runs the scenario twice
  void acknowledgedBlobsSurviveASigkillOfANodeMidUploadWithWritersOnTwoNodes() throws Exception {
    String wedged = killMidUpload("galera_kill");
    if (wedged != null) {
      // Galera's, not the store's: the survivors' new component began with a state exchange
      // whose first message found the group layer's output queue full of the writers' fragments
      // (EAGAIN), and Galera 26.4 then waits for a next membership change ("Temporary failure in
      // sending state UUID, will try again in next primary component"). The send windows of
      // GaleraNode make it rare (none in 23 loaded kill rounds; 5 in 9 with Galera's defaults). The
      // survivors did not serve through the kill, which is what this test checks, so the
      // scenario runs once more on a fresh database, and a second wedge fails the test.
      System.out.println("galera: the survivors did not evict n2 (" + wedged + "); once more");
      assertThat(killMidUpload("galera_kill_again"))
          .as("the survivors formed a cluster of 2 after the second kill of n2")
          .isNull();
    }
  }

  /**
   * Writers on n1 and on n2 (URL n2,n3) until n2 is killed mid-upload, then the checks. Returns
   * null, or what the survivors showed if they did not form a cluster of 2 within 90 s; then the
   * writers were stopped and n2 rejoined, and nothing was checked.
   */
  private String killMidUpload(String db) throws Exception {
    try {
      return killMidUploadOnce(db);
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

  private String killMidUploadOnce(String db) throws Exception {
    long testStarted = System.nanoTime();
    checkedDatabase = db;
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
        rejoin(2);
        onN1.await(300);
        onN2.await(300);
        return wedged;
      }
      onN1.await(300);
      onN2.await(300);
      System.out.printf(
          Locale.ROOT,
          "galera: n2 killed; first put begun after the kill acknowledged %.1f s after it through"
              + " n1, %.1f s through the n2,n3 URL; %d blobs acknowledged (%d after the kill);"
              + " failed puts %d through n1 %s, %d through n2,n3 %s%n",
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
      assertThat(notReady(1, db)).as("pending rows after gc").isZero();
    }
    try (BlobStore n3 = BlobStore.open(cluster.jdbcUrl(3, db), OPTIONS.readOnly(true))) {
      assertReadable(n3, acked, "n3");
    }
    long restarting = System.nanoTime();
    rejoin(2);
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
  private static String awaitEviction() throws Exception {
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
  private static void rejoin(int n) throws Exception {
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
  private static String rows(Acked a) {
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

  private static void assertReadable(BlobStore store, List<Acked> acked, String where) {
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
        throw new AssertionFailedError(
            "acknowledged "
                + a
                + " is missing on "
                + where
                + "; its key's rows: "
                + rows(a)
                + " all: "
                + all,
            e);
      }
      assertThat(Bytes.sha256(content)).as("blob %s on %s", a.key(), where).isEqualTo(a.sha256());
    }
  }

  /** Every ready blob of the bucket is one of the acknowledged puts, with its content. */
  private static void assertOnlyAcknowledgedVisible(BlobStore store, List<Acked> acked) {
    Map<String, String> shaByKey = new HashMap<>();
    acked.forEach(a -> shaByKey.put(a.key(), a.sha256()));
    List<BlobInfo> visible = store.list(Query.bucket(BUCKET).limit(10_000)).items();
    for (BlobInfo info : visible) {
      assertThat(shaByKey).as("visible blobs").containsEntry(info.key(), info.sha256());
    }
    assertThat(visible).hasSize(acked.size());
  }

  /** Blob rows that are not ready (uploads in progress or left behind), read on node {@code n}. */
  private static long notReady(int n, String db) throws Exception {
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
