package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.GcReport;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.TransactionConflictException;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.GaleraCluster;
import dev.blobkeep.testkit.PausedUpload;
import dev.blobkeep.testkit.StoredChunks;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Stores on a real 3-node MariaDB Galera cluster ({@link GaleraCluster}, SQL ports 3311-3313; other
 * bases with {@code -Dblobkeep.galera.ports=3320,4600}), one database per test: reads through one
 * node see writes acknowledged through another; two nodes updating one blob's metadata at once
 * conflict at certification, and the loser either fails with nothing done or runs again; an upload
 * whose owner is alive on one node is never collected by gc on another; a put whose transaction a
 * write from another node aborts is stored or fails, never acknowledged and lost; a compose whose
 * moves of chunk rows an abort would leave in part ends whole or leaves its parts as they were, and
 * a put whose chunk batch it would leave in part is stored whole; the schema 5 to 6 step runs; and
 * writers on two nodes ride through a SIGKILL of one node mid-upload with every acknowledged blob
 * intact on every node, including the killed one once it rejoined (once here; {@link
 * GaleraKillRounds} repeats it). Skipped without MariaDB and Galera, failed instead under {@code
 * CI=true}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class GaleraTest {
  static final String BUCKET = "galera";

  private static final StoreOptions OPTIONS = GaleraKillRound.OPTIONS;

  private static GaleraCluster cluster;

  @TempDir Path tmp;

  @BeforeAll
  static void startCluster() throws Exception {
    String why = GaleraCluster.unavailable();
    if (why != null && "true".equals(System.getenv("CI"))) {
      throw new AssertionFailedError(why);
    }
    Assumptions.assumeTrue(why == null, why);
    long started = System.nanoTime();
    // -Dblobkeep.galera.ports=3320,4600 runs it beside another cluster on the default ports
    String[] ports = System.getProperty("blobkeep.galera.ports", "3310,4570").split(",");
    cluster = GaleraCluster.start(Integer.parseInt(ports[0]), Integer.parseInt(ports[1]));
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

  /**
   * A small put on n1 (one transaction: its key read, its row, its chunks in one batch) while a
   * tiny put on n2 (one short transaction) inserts its row into the range that read locked: n2's
   * write, applied on n1, aborts n1's transaction (Galera's brute-force abort), sometimes while the
   * chunk batch runs. The batch then returned success although the transaction was rolled back, and
   * COMMIT committed nothing: the put was acknowledged and its blob was nowhere (docs/mariadb.md,
   * Galera). Each put must now either be stored or fail. Without {@code MariadbDialect.afterBatch},
   * 10 and 7 of 20 were lost in two runs (about 20 brute-force aborts on n1 in each), when n2's
   * write was the pending row of a 5 MiB upload, then a transaction of its own; since an upload's
   * pending row goes in with its first 4 MiB, that row came too late to race.
   */
  @Test
  void aPutAbortedByAWriteFromAnotherNodeIsStoredOrFailsNeverAcknowledgedAndLost()
      throws Exception {
    String db = "galera_abort";
    long abortsBefore = bruteForceAborts(1);
    int puts = 20;
    int failed = 0;
    List<String> lostKeys = new ArrayList<>();
    try (BlobStore a = BlobStore.open(cluster.jdbcUrl(1, db), OPTIONS);
        BlobStore b = BlobStore.open(cluster.jdbcUrl(2, db), OPTIONS)) {
      for (int i = 0; i < puts; i++) {
        byte[] small = Bytes.random(2 * 1024 * 1024 + 7 * i, i);
        byte[] tiny = Bytes.random(1000 + i, -i);
        // A new bucket each time, last in the (bucket, key) index: the key read on n1 locks the
        // gap to its end, where n2's row goes.
        String bucket = String.format(Locale.ROOT, "b%03d", i);
        String key = "small";
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<String> onA =
            CompletableFuture.supplyAsync(
                () -> {
                  await(go);
                  return a.put(small, PutOptions.at(bucket, key)).id();
                });
        CompletableFuture<String> onB =
            CompletableFuture.supplyAsync(
                () -> {
                  await(go);
                  return b.put(tiny, PutOptions.at(bucket, "tiny")).id();
                });
        go.countDown();
        String id;
        try {
          id = onA.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          id = null; // a failed put is no loss
          failed++;
        }
        try {
          onB.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          // only the put on n1 is checked
        }
        if (id != null && !a.exists(BlobRef.id(id))) {
          lostKeys.add(bucket + "/" + key + "=" + id);
        }
      }
    }
    long aborts = bruteForceAborts(1) - abortsBefore;
    System.out.printf(
        Locale.ROOT,
        "galera: %d small puts on n1 racing puts on n2: %d brute-force aborts on n1, %d failed,"
            + " %d acknowledged and lost%n",
        puts,
        aborts,
        failed,
        lostKeys.size());
    assertThat(lostKeys)
        .as("acknowledged puts missing on the node that acknowledged them")
        .isEmpty();
    // the race happened (19-23 aborts in every run seen), and an aborted put ran again rather
    // than failing: otherwise the test above would pass having tested nothing
    assertThat(aborts).as("brute-force aborts on n1").isPositive();
    assertThat(failed).as("puts on n1 that failed").isLessThanOrEqualTo(puts / 4);
  }

  /**
   * A compose through a Galera node whose chunk rows, were they moved by a bulk {@code UPDATE}
   * batch, would be moved in part: {@link PartlyAppliedBatch} does to such a batch what a
   * brute-force abort did in GaleraBulkAbortProbe (the rows before it rolled back with the whole
   * transaction, the rows after it committed on their own), and a lock timeout of 1 ms makes the
   * store give up rather than run the compose again. The compose must end whole, or fail with its
   * parts as they were, so that composing them again makes the whole blob. Part 1 has 1,100 rows,
   * more than one statement moves ({@code Compose.STATEMENT_ROWS}); part 3 is kept in its row until
   * the compose spills it into a chunk row. With the re-keying as one batch on Galera ({@code
   * Dialect.batchesMayApplyInPart} false), the first compose gave up with part 1's rows from the
   * third on committed to its target, and the blob the second made failed to read ("chunk 2 is
   * missing").
   */
  @Test
  void aComposeThroughAGaleraNodeEndsWholeOrLeavesItsPartsAsTheyWere() throws Exception {
    String db = "galera_partial";
    cluster.sql(1, "CREATE DATABASE IF NOT EXISTS " + db);
    PartlyAppliedBatch partly =
        new PartlyAppliedBatch(
            cluster.jdbcUrl(1, db) + "&useServerPrepStmts=true&useBulkStmts=true",
            "blobkeep_chunks SET",
            2);
    int chunk = 4096;
    byte[] first = Bytes.random(1100 * chunk, 1);
    byte[] second = Bytes.random(3 * chunk, 2);
    byte[] third = Bytes.random(100, 3); // kept in its row, spilled into a chunk row to move
    StoreOptions options = OPTIONS.chunkSize(chunk);
    try (BlobStore store = BlobStore.open(cluster.jdbcUrl(1, db), options);
        BlobStore composer = BlobStore.open(partly, options.lockTimeout(Duration.ofMillis(1)))) {
      store.put(new byte[] {1}, PutOptions.at("parts", "existing")); // the bucket exists
      BlobInfo a =
          store.stage(new ByteArrayInputStream(first), first.length, PutOptions.in("parts"));
      BlobInfo b =
          store.stage(new ByteArrayInputStream(second), second.length, PutOptions.in("parts"));
      BlobInfo c =
          store.stage(new ByteArrayInputStream(third), third.length, PutOptions.in("parts"));
      List<BlobRef> parts = List.of(BlobRef.id(a.id()), BlobRef.id(b.id()), BlobRef.id(c.id()));
      try {
        composer.compose(parts, PutOptions.at("parts", "whole"));
      } catch (RuntimeException e) {
        // as an S3 client would: Complete again, through a store that runs it again on a conflict
        System.out.println("galera: the compose failed (" + e.getMessage() + "); once more");
        store.compose(parts, PutOptions.at("parts", "whole"));
      }
      System.out.printf(
          Locale.ROOT,
          "galera: re-keying batches applied in part: %d, statements: %d%n",
          partly.acted(),
          partly.statements());
      // On Galera the store sends the re-keying as statements, which the fault above cannot reach:
      // this guards against a batch there (with one, the blob below failed to read).
      assertThat(partly.acted()).as("re-keying batches left in part").isZero();
      assertThat(partly.statements()).as("re-keying statements").isPositive();
      byte[] whole = new byte[first.length + second.length + third.length];
      System.arraycopy(first, 0, whole, 0, first.length);
      System.arraycopy(second, 0, whole, first.length, second.length);
      System.arraycopy(third, 0, whole, first.length + second.length, third.length);
      assertThat(store.getBytes(BlobRef.key("parts", "whole"))).isEqualTo(whole);
    }
  }

  /**
   * Puts through a Galera node whose chunk rows, were they inserted by a bulk {@code INSERT} batch,
   * could be inserted in part: {@link PartlyAppliedBatch} does to the chunk batch what a
   * brute-force abort did in GaleraBulkAbortProbe#insertBatches to a batch the driver sent as
   * several commands (the rows before the abort rolled back with the whole transaction, the rows
   * after it committed on their own). A small put (its row and 20 chunk rows in one transaction)
   * and a large one (5 MiB: two staging batches of chunk rows under its pending row, then the
   * publish) must each be stored whole, leaving no chunk row without its blob. With the chunks
   * inserted by a batch on Galera (the batch path of {@code Rows.executeBatch}), the check after
   * the batch found the transaction gone and the store ran it again, whose insert failed on the
   * rows already committed: the small put failed ("Duplicate entry ... for key 'PRIMARY'").
   */
  @Test
  void aPutThroughAGaleraNodeIsStoredWholeWhereAChunkBatchCouldBeInsertedInPart() throws Exception {
    String db = "galera_partial_put";
    cluster.sql(1, "CREATE DATABASE IF NOT EXISTS " + db);
    String url = cluster.jdbcUrl(1, db) + "&useServerPrepStmts=true&useBulkStmts=true";
    int chunk = 64 * 1024;
    StoreOptions options = OPTIONS.chunkSize(chunk);
    byte[] small = Bytes.random(20 * chunk, 1);
    byte[] large = Bytes.random(5 * 1024 * 1024 + 100, 2);
    try (BlobStore store = BlobStore.open(cluster.jdbcUrl(1, db), options)) {
      store.put(new byte[] {1}, PutOptions.at("puts", "existing")); // the bucket exists
      PartlyAppliedBatch[] partly = {
        new PartlyAppliedBatch(url, "blobkeep_chunks (blob_id, idx, data, crc) VALUES", 2),
        new PartlyAppliedBatch(url, "blobkeep_chunks (blob_id, idx, data, crc) VALUES", 2)
      };
      byte[][] content = {small, large};
      for (int i = 0; i < content.length; i++) {
        try (BlobStore putter = BlobStore.open(partly[i], options)) {
          putter.put(content[i], PutOptions.at("puts", "k" + i));
        }
        System.out.printf(
            Locale.ROOT,
            "galera: chunk batches of put %d applied in part: %d, statements: %d%n",
            i,
            partly[i].acted(),
            partly[i].statements());
        // On Galera the chunk rows go as statements, which the fault cannot reach: this guards
        // against a batch there (with one, the small put failed on a duplicate chunk row).
        assertThat(partly[i].acted()).as("chunk batches of put %d left in part", i).isZero();
        assertThat(partly[i].statements()).as("chunk statements of put %d", i).isPositive();
        assertThat(store.getBytes(BlobRef.key("puts", "k" + i)))
            .as("put %d", i)
            .isEqualTo(content[i]);
      }
    }
    assertThat(
            cluster
                .sql(
                    1,
                    "SELECT count(*) FROM "
                        + db
                        + ".blobkeep_chunks c WHERE NOT EXISTS (SELECT 1 FROM "
                        + db
                        + ".blobkeep_blobs b WHERE b.id = c.blob_id)")
                .trim())
        .as("chunk rows without their blob")
        .isEqualTo("0");
  }

  /**
   * The schema 5 to 6 step through a Galera node, which moves staged blobs' chunk rows there by one
   * statement per row ({@code Rows.executeBatch}): a part staged now, its 301 rows put back where
   * schema 5 kept them (chunk {@code i} at index {@code i}) and the version set to 5, has them
   * moved by the next open, and composes byte-exact. Not an abort: that the step's statements run
   * on Galera, each changing its row.
   */
  @Test
  void theSchemaFiveToSixStepMovesStagedRowsThroughAGaleraNode() throws Exception {
    String db = "galera_upgrade";
    cluster.sql(1, "CREATE DATABASE IF NOT EXISTS " + db);
    int chunk = 4096;
    StoreOptions options = OPTIONS.chunkSize(chunk);
    byte[] data = Bytes.random(300 * chunk + 7, 1);
    BlobInfo part;
    try (BlobStore store = BlobStore.open(cluster.jdbcUrl(1, db), options)) {
      store.put(new byte[] {1}, PutOptions.at("parts", "existing")); // the bucket exists
      part = store.stage(new ByteArrayInputStream(data), data.length, PutOptions.in("parts"));
    }
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i * chunk < data.length; i++) {
      byte[] c = Arrays.copyOfRange(data, i * chunk, Math.min(data.length, (i + 1) * chunk));
      sql.append("UPDATE ")
          .append(db)
          .append(".blobkeep_chunks SET idx = ")
          .append(i)
          .append(", crc = ")
          .append(StoredChunks.crc(part.id(), i, c))
          .append(" WHERE blob_id = '")
          .append(part.id())
          .append("' AND idx = ")
          .append(128 + i)
          .append(";\n");
    }
    sql.append("UPDATE ")
        .append(db)
        .append(".blobkeep_settings SET value = '5' WHERE name = 'schema_version';");
    cluster.sql(1, sql.toString());
    try (BlobStore store = BlobStore.open(cluster.jdbcUrl(2, db), options)) {
      BlobInfo made = store.compose(List.of(BlobRef.id(part.id())), PutOptions.at("parts", "k"));
      assertThat(store.getBytes(made.ref())).isEqualTo(data);
      assertThat(store.verifyAll().problems()).isEmpty();
    }
    assertThat(
            cluster
                .sql(
                    1,
                    "SELECT value FROM " + db + ".blobkeep_settings WHERE name = 'schema_version'")
                .trim())
        .isEqualTo("6");
  }

  private static void await(CountDownLatch go) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long bruteForceAborts(int n) throws Exception {
    return Long.parseLong(cluster.status(n).get("wsrep_local_bf_aborts"));
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES) // a wedge runs the scenario twice
  void acknowledgedBlobsSurviveASigkillOfANodeMidUploadWithWritersOnTwoNodes() throws Exception {
    GaleraKillRound round = new GaleraKillRound(cluster);
    String wedged = round.run("galera_kill");
    if (wedged != null) {
      // Galera's, not the store's: the survivors' new component began with a state exchange
      // whose first message found the group layer's output queue full of the writers' fragments
      // (EAGAIN), and Galera 26.4 then waits for a next membership change ("Temporary failure in
      // sending state UUID, will try again in next primary component"). The send windows of
      // GaleraNode make it rare (none in 23 loaded kill rounds; 5 in 9 with Galera's defaults). The
      // survivors did not serve through the kill, which is what this test checks, so the
      // scenario runs once more on a fresh database, and a second wedge fails the test.
      System.out.println("galera: the survivors did not evict n2 (" + wedged + "); once more");
      assertThat(round.run("galera_kill_again"))
          .as("the survivors formed a cluster of 2 after the second kill of n2")
          .isNull();
    }
  }

  private static long notReady(int n, String db) throws Exception {
    return GaleraKillRound.notReady(cluster, n, db);
  }
}
