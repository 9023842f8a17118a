package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.VerifyReport;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.PgCluster;
import dev.blobkeep.testkit.PgClusterAvailable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A store on a 3-node pg_auto_failover cluster, reached through a multi-host URL, rides through the
 * loss of its primary: 4 writers upload blobs of 1 to 40 MiB and record every acknowledged SHA-256;
 * after at least 3 commits the primary's postmaster is SIGKILLed and the writers go on. Every
 * acknowledged blob then reads back from the new primary, and from the old one once it has rejoined
 * as a standby; no blob is ready with a missing chunk; interrupted uploads are cleaned up. Prints
 * the time from the kill to the first successful write. Skipped without pg_auto_failover, failed
 * instead under {@code CI=true}.
 */
@ExtendWith(PgClusterAvailable.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PostgresFailoverTest {
  private static final int BASE_PORT = 5460;
  private static final int WRITERS = 4;
  private static final int MIB = 1 << 20;

  private record Acked(String id, String sha256) {}

  @Test
  void acknowledgedBlobsSurviveTheLossOfThePrimary() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("failover test seed " + seed);
    try (PgCluster cluster = PgCluster.start(BASE_PORT)) {
      String oldPrimary = cluster.primary();
      StoreOptions options =
          StoreOptions.defaults().lockTimeout(Duration.ofSeconds(60)).poolSize(WRITERS + 2);
      List<Acked> acked = new ArrayList<>();
      Map<String, String> failures = new ConcurrentHashMap<>();
      AtomicLong killedAt = new AtomicLong();
      AtomicLong firstAfterKill = new AtomicLong();
      AtomicInteger ackedAfterKill = new AtomicInteger();
      try (BlobStore store = BlobStore.open(cluster.url(), options)) {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        long stopAt = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          Random random = new Random(seed + w);
          int writer = w;
          writers.add(
              pool.submit(
                  () -> {
                    int n = 0;
                    while (System.nanoTime() < stopAt && ackedAfterKill.get() < 2 * WRITERS) {
                      byte[] data = Bytes.random(MIB + random.nextInt(39 * MIB), random.nextLong());
                      String key = "w" + writer + "/" + n++;
                      long started = System.nanoTime();
                      boolean afterKill = killedAt.get() != 0;
                      try {
                        String id = store.put(data, PutOptions.at("failover", key)).id();
                        long now = System.nanoTime();
                        synchronized (acked) {
                          acked.add(new Acked(id, Bytes.sha256(data)));
                        }
                        // Only puts begun after the kill: one in flight may still commit through
                        // its backend, which outlives the killed postmaster for a moment.
                        if (afterKill && started > killedAt.get()) {
                          firstAfterKill.compareAndSet(0, now);
                          ackedAfterKill.incrementAndGet();
                        }
                      } catch (RuntimeException e) {
                        failures.merge(e.getClass().getSimpleName(), e.getMessage(), (a, b) -> a);
                      }
                    }
                    return null;
                  }));
        }
        while (size(acked) < 3) {
          Thread.sleep(50);
        }
        cluster.crashNode(oldPrimary);
        killedAt.set(System.nanoTime());
        for (Future<?> f : writers) {
          f.get();
        }
        pool.shutdown();
        assertThat(ackedAfterKill.get()).as("writes acknowledged after the kill").isPositive();
        System.out.printf(
            Locale.ROOT,
            "failover: primary %s killed, primary after the writes %s; first write begun and acknowledged after the kill ended %.1f s after it; %d blobs"
                + " acknowledged (%d after the kill); failed puts by type: %s%n",
            oldPrimary,
            cluster.primary(),
            (firstAfterKill.get() - killedAt.get()) / 1e9,
            acked.size(),
            ackedAfterKill.get(),
            failures);
        assertReadable(store, acked, "the new primary");
        VerifyReport report = store.verifyAll();
        assertThat(report.problems()).as("verify on the new primary").isEmpty();
        store.gc();
        assertThat(store.list(Query.all()).items()).hasSizeGreaterThanOrEqualTo(acked.size());
      }
      try (BlobStore reopened = BlobStore.open(cluster.url(), options)) {
        assertThat(reopened.verifyAll().problems()).isEmpty();
        assertThat(notReady(cluster.url())).as("pending rows after reopening").isZero();
      }
      cluster.restartNode(oldPrimary);
      cluster.awaitHealthy(180);
      StoreOptions readOnly = options.readOnly(true);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        try (BlobStore old = BlobStore.open(cluster.nodeUrl(oldPrimary), readOnly)) {
          assertReadable(old, acked, "the old primary " + oldPrimary + ", rejoined");
          break;
        } catch (AssertionError | RuntimeException e) {
          if (System.nanoTime() > deadline) {
            throw e; // replay on the rejoined standby may trail for a moment
          }
          Thread.sleep(500);
        }
      }
    }
  }

  private static int size(List<Acked> acked) {
    synchronized (acked) {
      return acked.size();
    }
  }

  private static void assertReadable(BlobStore store, List<Acked> acked, String where) {
    for (Acked a : acked) {
      byte[] content = store.getBytes(BlobRef.id(a.id()));
      assertThat(Bytes.sha256(content)).as("blob %s on %s", a.id(), where).isEqualTo(a.sha256());
    }
  }

  private static long notReady(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM blobkeep.blobkeep_blobs WHERE state <> 'ready'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
