package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM running {@link CrashWorker} is killed with SIGKILL at random moments; after each kill
 * the store opens, nothing partial or pending is visible, {@code verifyAll} passes, and every key
 * holds a state its journal allows. Kills: system property {@code blobkeep.crash.kills} (default
 * 10).
 */
public abstract class CrashContract {
  @TempDir protected Path tmp;

  /** A fresh, empty database; closed by the test. */
  protected abstract StoreFixture newFixture();

  protected int kills() {
    return Integer.getInteger("blobkeep.crash.kills", 10);
  }

  @Test
  void killedWritersLoseNothingCommittedAndLeaveNothingVisible() throws Exception {
    Random random = new Random();
    long seed = random.nextLong();
    System.out.println("crash test seed " + seed);
    random.setSeed(seed);
    Path journal = tmp.resolve("journal.txt");
    Path log = tmp.resolve("worker.log");
    long checkedBytes = 0;
    int ops = 0;
    try (StoreFixture fixture = newFixture()) {
      for (int round = 0; round < kills(); round++) {
        Process p =
            ChildJvm.start(
                List.of("-Xmx256m"),
                CrashWorker.class,
                log,
                fixture.location(),
                journal.toString(),
                Long.toString(random.nextLong()));
        waitForReady(log, round, p);
        Thread.sleep(100 + random.nextInt(1500));
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor();
        try (BlobStore store = fixture.open(StoreOptions.defaults())) {
          VerifyReport report = store.verifyAll();
          assertThat(report.problems()).as("round %d, seed %d", round, seed).isEmpty();
          assertThat(store.list(Query.all()).items()).hasSizeLessThanOrEqualTo(CrashWorker.KEYS);
          Map<Integer, Set<String>> allowed = allowedStates(journal);
          for (Map.Entry<Integer, Set<String>> e : allowed.entrySet()) {
            BlobRef ref = BlobRef.key(CrashWorker.BUCKET, "k" + e.getKey());
            String actual = "-";
            if (store.exists(ref)) {
              byte[] bytes = store.getBytes(ref);
              checkedBytes += bytes.length;
              actual = Bytes.sha256(bytes);
              assertThat(store.info(ref).sha256()).isEqualTo(actual);
            }
            assertThat(e.getValue())
                .as("key k%d after round %d (seed %d)", e.getKey(), round, seed)
                .contains(actual);
          }
          ops = countDone(journal);
        }
        assertThat(pendingRows(fixture)).as("pending rows after reopen").isZero();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "crash test: %d kills, %d operations committed, %d bytes checked, 0 lost%n",
        kills(),
        ops,
        checkedBytes);
  }

  private static void waitForReady(Path log, int round, Process p) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      if (text.split("READY", -1).length - 1 > round) {
        return;
      }
      if (!p.isAlive()) {
        throw new AssertionError("worker died before READY:\n" + text);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("worker not READY after 60 s");
  }

  /**
   * For each key the journal touched: its last DONE state, plus the state of every BEGIN after it.
   * More than one BEGIN can follow the last DONE: a worker killed after its commit but before it
   * logged DONE, whose successor began another operation on the key and was killed before that one
   * committed.
   */
  static Map<Integer, Set<String>> allowedStates(Path journal) throws Exception {
    Map<Integer, Set<String>> allowed = new HashMap<>();
    for (String line : Files.readAllLines(journal)) {
      String[] f = line.split(" ");
      if (f.length != 3) {
        continue; // a line cut by the kill
      }
      Set<String> states = allowed.computeIfAbsent(Integer.parseInt(f[1]), k -> new HashSet<>());
      if (f[0].equals("DONE")) {
        states.clear();
      } else if (states.isEmpty()) {
        states.add("-"); // a key's first BEGIN: before it, the key did not exist
      }
      states.add(f[2]);
    }
    return allowed;
  }

  private static int countDone(Path journal) throws Exception {
    return (int) Files.readAllLines(journal).stream().filter(l -> l.startsWith("DONE ")).count();
  }

  private static long pendingRows(StoreFixture fixture) throws Exception {
    try (var c = fixture.connect();
        var s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT count(*) FROM " + fixture.table("blobs") + " WHERE state <> 'ready'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
