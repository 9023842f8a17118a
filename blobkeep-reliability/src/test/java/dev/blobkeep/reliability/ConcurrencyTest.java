package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
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
    Scenario scenario =
        Scenario.storedData("concurrency: 2 processes x 8 threads, one SQLite file");
    long seed = new Random().nextLong();
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
      finish(scenario, db, List.of(mine, theirs), seed);
    }
  }

  @Test
  @ExtendWith(PgAvailable.class)
  void thirtyTwoThreadsOnPostgres() throws Exception {
    Scenario scenario = Scenario.storedData("concurrency: 32 threads, PostgreSQL");
    long seed = new Random().nextLong();
    try (PgFixture db = new PgFixture()) {
      MixedLoad.Result r;
      try (BlobStore store = db.open(StoreOptions.defaults().poolSize(34))) {
        r = MixedLoad.run(store, "p0", 32, SECONDS, seed);
      }
      finish(scenario, db, List.of(r), seed);
    }
  }

  /** Checks the final state from a new store, then records the row if nothing failed. */
  private static void finish(
      Scenario scenario, StoreFixture db, List<MixedLoad.Result> results, long seed)
      throws Exception {
    long documented = 0;
    for (MixedLoad.Result r : results) {
      scenario.operations(r.operations());
      scenario.bytesCompared(r.bytesChecked());
      documented += r.documented();
      List<String> lines = new ArrayList<>();
      r.failures().forEach(f -> lines.add(f + " (seed " + seed + ")"));
      scenario.add(r.lost(), Math.max(0, r.failures().size() - r.lost()), lines);
    }
    try (BlobStore store = db.open(StoreOptions.defaults())) {
      for (MixedLoad.Result r : results) {
        for (Map.Entry<String, String> e : r.finalState().entrySet()) {
          BlobRef ref = BlobRef.key(MixedLoad.BUCKET, e.getKey());
          boolean exists = store.exists(ref);
          if (e.getValue().equals("-")) {
            if (exists) {
              scenario.failed(ref + " exists after the run, last deleted");
            }
          } else if (!exists) {
            scenario.lost(ref + " is missing after the run, last written " + e.getValue());
          } else {
            scenario.compareSha256(ref + " after the run", store.getBytes(ref), e.getValue());
          }
        }
      }
      for (int k = 0; k < MixedLoad.SHARED_KEYS; k++) {
        BlobRef ref = BlobRef.key(MixedLoad.BUCKET, "shared" + k);
        if (store.exists(ref)) {
          byte[] content = store.getBytes(ref);
          scenario.bytesCompared(content.length);
          if (!MixedLoad.isWhole(content)) {
            scenario.lost(ref + " is torn after the run");
          }
        }
      }
      var report = store.verifyAll();
      scenario.bytesCompared(report.bytesChecked());
      report.problems().forEach(p -> scenario.failed("verify: " + p));
    }
    long leftovers = db.rowsNotReady();
    if (leftovers != 0) {
      scenario.failed(leftovers + " rows not 'ready' after the run");
    }
    scenario.pass("contention, " + SECONDS + " s; " + documented + " documented not-found/expired");
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
