package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.FailingInputStream;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.PgServer;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * I/O failures in the middle of a write: the content stream fails part-way (both backends), and on
 * PostgreSQL the server ends the store's sessions in the middle of uploads. Each failed write says
 * so in one line, the blob it would have replaced keeps its content, nothing pending remains, and
 * the next write works. Faults: 5 each (soak: 25).
 */
class IoErrorTest {
  private static final int FAULTS = Soak.pick(5, 25);
  private static final int BIG = 10 * 1024 * 1024; // several staging batches

  @Test
  void sqliteContentStreamFailingPartWayStoresNothing() throws Exception {
    failingInput("I/O error: content stream fails part-way, SQLite", SqliteFixture::new);
  }

  @Test
  @ExtendWith(PgAvailable.class)
  void postgresContentStreamFailingPartWayStoresNothing() throws Exception {
    failingInput("I/O error: content stream fails part-way, PostgreSQL", PgFixture::new);
  }

  private static void failingInput(String scenario, Supplier<StoreFixture> database)
      throws Exception {
    long t0 = System.nanoTime();
    Random random = new Random();
    List<String> problems = new ArrayList<>();
    long ops = 0;
    long bytes = 0;
    try (StoreFixture db = database.get();
        BlobStore store = db.open(StoreOptions.defaults())) {
      BlobRef ref = BlobRef.key("io", "victim");
      byte[] old = Bytes.random(300_000, random.nextLong());
      store.put(old, PutOptions.at("io", "victim"));
      for (int i = 0; i < FAULTS; i++) {
        long okBytes = random.nextInt(BIG);
        try {
          store.put(new FailingInputStream(okBytes), PutOptions.at("io", "victim"));
          problems.add("a put whose stream failed at byte " + okBytes + " succeeded");
        } catch (StoreException e) {
          if (e.getMessage().contains("\n") || !e.getMessage().contains("nothing was stored")) {
            problems.add("unclear message: " + e.getMessage());
          }
        }
        byte[] now = store.getBytes(ref);
        bytes += now.length;
        ops += 2;
        if (!java.util.Arrays.equals(now, old)) {
          problems.add("the blob a failed put would have replaced changed");
        }
        long pending = db.rowsNotReady();
        if (pending != 0) {
          problems.add(pending + " rows not 'ready' after a failed put");
        }
        byte[] next = Bytes.random(random.nextInt(100_000), random.nextLong());
        store.put(next, PutOptions.at("io", "victim"));
        old = next;
        ops++;
      }
      var report = store.verifyAll();
      bytes += report.bytesChecked();
      report.problems().forEach(p -> problems.add("verify: " + p));
    }
    ReliabilityTable.record(
        new ReliabilityTable.Row(
            scenario,
            FAULTS + " streams failed",
            ops,
            bytes,
            problems.size(),
            (System.nanoTime() - t0) / 1e9));
    assertThat(problems).isEmpty();
  }

  @Test
  @ExtendWith(PgAvailable.class)
  void postgresSessionsKilledByTheServerMidUploadLoseNothing() throws Exception {
    long t0 = System.nanoTime();
    Random random = new Random();
    List<String> problems = new ArrayList<>();
    long ops = 0;
    long bytes = 0;
    long failed = 0;
    StaleConnections stale = new StaleConnections();
    long leftovers = 0;
    byte[] current = Bytes.random(200_000, random.nextLong());
    try (PgFixture db = new PgFixture()) {
      try (BlobStore store = db.open(StoreOptions.defaults())) {
        BlobRef ref = BlobRef.key("io", "victim");
        store.put(current, PutOptions.at("io", "victim"));
        for (int i = 0; i < FAULTS; i++) {
          byte[] next = Bytes.random(BIG + random.nextInt(BIG), random.nextLong());
          CompletableFuture<Void> put =
              CompletableFuture.runAsync(() -> store.put(next, PutOptions.at("io", "victim")));
          Thread.sleep(random.nextInt(800));
          long killed = terminateSessions(db.schema());
          boolean worked;
          try {
            put.get(120, TimeUnit.SECONDS);
            worked = true;
          } catch (java.util.concurrent.ExecutionException e) {
            worked = false;
            failed++;
            Throwable cause = e.getCause();
            if (!(cause instanceof BlobkeepException) || cause.getMessage().contains("\n")) {
              problems.add("killed session (" + killed + " ended) surfaced as " + cause);
            }
          }
          ops++;
          // The next operations must work: the pool replaces the dead connections.
          byte[] now = stale.retry(() -> store.getBytes(ref));
          bytes += now.length;
          ops++;
          if (worked && !java.util.Arrays.equals(now, next)) {
            problems.add("a put that returned is not what the key holds");
          }
          if (!worked && !java.util.Arrays.equals(now, current)) {
            if (java.util.Arrays.equals(now, next)) {
              // The commit reached the server before the session ended: the put took effect.
              worked = true;
            } else {
              problems.add("the key holds neither the old nor the new content");
            }
          }
          if (worked) {
            current = next;
          }
          stale.retry(store::gc);
          // Known bug (StalePooledConnectionBugTest): an upload whose clean-up also failed stays
          // as an invisible pending row while its store is open; gc takes it after a reopen.
          leftovers = Math.max(leftovers, db.rowsNotReady());
        }
        var report = stale.retry(store::verifyAll);
        bytes += report.bytesChecked();
        report.problems().forEach(p -> problems.add("verify: " + p));
      }
      try (BlobStore store = db.open(StoreOptions.defaults())) {
        byte[] now = store.getBytes(BlobRef.key("io", "victim"));
        bytes += now.length;
        if (!java.util.Arrays.equals(now, current)) {
          problems.add("after reopening, the key does not hold the last content that was put");
        }
        long pending = db.rowsNotReady();
        if (pending != 0) {
          problems.add(pending + " rows not 'ready' after reopening");
        }
      }
    }
    ReliabilityTable.record(
        new ReliabilityTable.Row(
            "I/O error: server ends sessions mid-upload, PostgreSQL",
            FAULTS
                + " pg_terminate_backend rounds ("
                + failed
                + " puts failed; "
                + stale.failures
                + " later calls hit a dead pooled connection, "
                + leftovers
                + " pending rows kept until reopen: known bugs)",
            ops,
            bytes,
            problems.size(),
            (System.nanoTime() - t0) / 1e9));
    assertThat(problems).isEmpty();
  }

  /**
   * Known bug (KnownBugsTest): after the server ended the store's sessions, each dead connection
   * left in the pool fails one later call with "connection ... was lost" before the pool drops it.
   * Retries such calls (at most 50 times), counting the failures; any other exception propagates.
   */
  private static final class StaleConnections {
    long failures;

    <T> T retry(Supplier<T> call) {
      for (int attempt = 1; ; attempt++) {
        try {
          return call.get();
        } catch (StoreException e) {
          if (attempt >= 50 || !e.getMessage().contains("was lost")) {
            throw e;
          }
          failures++;
        }
      }
    }
  }

  private static long terminateSessions(String applicationName) throws Exception {
    try (Connection c = PgServer.admin();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = '"
                    + applicationName
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
