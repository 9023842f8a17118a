package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.ChildJvm;
import dev.blobkeep.testkit.MixedLoad;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mixed operations ({@link MixedLoad}) for 15 s (soak: 60 s): 2 processes of 8 threads on one
 * SQLite file, and 32 threads on PostgreSQL. No error reaches a caller except the documented ones
 * for shared blobs another thread replaced or deleted, no update is lost, every blob holds what its
 * last writer wrote, and no message mentions {@code SQLITE_BUSY}.
 */
class ConcurrencyTest {
  private static final int SECONDS = Soak.pick(15, 60);

  @TempDir Path tmp;

  @Test
  void twoProcessesOfEightThreadsShareOneSqliteFile() throws Exception {
    long seed = new Random().nextLong();
    long t0 = System.nanoTime();
    try (SqliteFixture db = new SqliteFixture()) {
      StoreOptions options = StoreOptions.defaults().poolSize(10);
      db.open(options).close(); // create the file before two processes race to
      Path log = tmp.resolve("child.log");
      Path resultFile = tmp.resolve("child.result");
      Process child =
          ChildJvm.start(
              List.of("-Xmx256m"),
              MixedLoad.class,
              log,
              db.location(),
              "p1",
              "8",
              Integer.toString(SECONDS),
              Long.toString(seed + 1),
              resultFile.toString());
      awaitReady(child, log);
      MixedLoad.Result mine;
      try (BlobStore store = db.open(options.poolSize(10))) {
        mine = MixedLoad.run(store, "p0", 8, SECONDS, seed);
      }
      assertThat(child.waitFor(SECONDS + 120L, TimeUnit.SECONDS))
          .as("child finished; log:\n%s", Files.readString(log))
          .isTrue();
      assertThat(child.exitValue()).as("child exit; log:\n%s", Files.readString(log)).isZero();
      MixedLoad.Result theirs = MixedLoad.Result.read(resultFile);
      finish(
          "concurrency: 2 processes x 8 threads, one SQLite file",
          db,
          List.of(mine, theirs),
          seed,
          t0);
    }
  }

  @Test
  @ExtendWith(PgAvailable.class)
  void thirtyTwoThreadsOnPostgres() throws Exception {
    long seed = new Random().nextLong();
    long t0 = System.nanoTime();
    try (PgFixture db = new PgFixture()) {
      MixedLoad.Result r;
      try (BlobStore store = db.open(StoreOptions.defaults().poolSize(34))) {
        r = MixedLoad.run(store, "p0", 32, SECONDS, seed);
      }
      finish("concurrency: 32 threads, PostgreSQL", db, List.of(r), seed, t0);
    }
  }

  /** Checks the final state from a new store, records the row, then asserts. */
  private static void finish(
      String scenario, StoreFixture db, List<MixedLoad.Result> results, long seed, long t0)
      throws Exception {
    List<String> failures = new ArrayList<>();
    long ops = 0;
    long documented = 0;
    long bytes = 0;
    long lost = 0;
    for (MixedLoad.Result r : results) {
      ops += r.operations();
      documented += r.documented();
      bytes += r.bytesChecked();
      lost += r.lost();
      failures.addAll(r.failures());
    }
    try (BlobStore store = db.open(StoreOptions.defaults())) {
      for (MixedLoad.Result r : results) {
        for (Map.Entry<String, String> e : r.finalState().entrySet()) {
          BlobRef ref = BlobRef.key(MixedLoad.BUCKET, e.getKey());
          String actual = "-";
          if (store.exists(ref)) {
            byte[] content = store.getBytes(ref);
            bytes += content.length;
            actual = Bytes.sha256(content);
          }
          if (!actual.equals(e.getValue())) {
            lost++;
            failures.add(ref + " holds " + actual + " after the run, last written " + e.getValue());
          }
        }
      }
      for (int k = 0; k < MixedLoad.SHARED_KEYS; k++) {
        BlobRef ref = BlobRef.key(MixedLoad.BUCKET, "shared" + k);
        if (store.exists(ref)) {
          byte[] content = store.getBytes(ref);
          bytes += content.length;
          if (!MixedLoad.isWhole(content)) {
            lost++;
            failures.add(ref + " is torn after the run");
          }
        }
      }
      var report = store.verifyAll();
      bytes += report.bytesChecked();
      report.problems().forEach(p -> failures.add("verify: " + p));
    }
    long leftovers = db.rowsNotReady();
    if (leftovers != 0) {
      failures.add(leftovers + " rows not 'ready' after the run");
    }
    ReliabilityTable.record(
        new ReliabilityTable.Row(
            scenario,
            "contention, " + SECONDS + " s; " + documented + " documented not-found/expired",
            ops,
            bytes,
            lost,
            (System.nanoTime() - t0) / 1e9));
    assertThat(failures).as("failures (seed %d)", seed).isEmpty();
    assertThat(lost).isZero();
  }

  private static void awaitReady(Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains("READY")) {
        return;
      }
      if (!p.isAlive()) {
        throw new AssertionError("child died before READY:\n" + Files.readString(log));
      }
      Thread.sleep(20);
    }
    p.destroyForcibly();
    throw new AssertionError("child not READY after 60 s");
  }
}
