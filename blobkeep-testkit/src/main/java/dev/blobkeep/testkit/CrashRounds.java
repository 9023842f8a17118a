package dev.blobkeep.testkit;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The crash scenario, as a run that returns its figures and every problem instead of stopping at
 * the first one ({@link CrashContract} asserts on them): {@link CrashWorker} in a child JVM, killed
 * with SIGKILL at a random moment, {@code kills} times; after each kill the store is opened and
 * checked (verify passes, nothing pending, every key in a state its journal allows, each blob's
 * bytes matching its SHA-256).
 */
public final class CrashRounds {
  private CrashRounds() {}

  /**
   * What a run did and found.
   *
   * @param kills SIGKILLs sent
   * @param operations operations the workers committed and logged as done
   * @param blobsChecked blobs read back whole after the kills, added up over the rounds
   * @param bytesChecked bytes read back and hashed, added up over the rounds
   * @param lost keys whose content, read back, was none of the states their journal allows (counted
   *     among the problems too)
   * @param problems every problem found, each naming the round; empty when nothing was lost
   */
  public record Result(
      int kills,
      long operations,
      long blobsChecked,
      long bytesChecked,
      long lost,
      List<String> problems) {}

  /**
   * Runs {@code kills} rounds on {@code fixture}'s database, keeping the journal and worker log in
   * {@code workDir}.
   */
  public static Result run(StoreFixture fixture, int kills, Path workDir, long seed)
      throws Exception {
    Random random = new Random(seed);
    Path journal = workDir.resolve("journal.txt");
    Path log = workDir.resolve("worker.log");
    List<String> problems = new ArrayList<>();
    long blobs = 0;
    long bytes = 0;
    long lost = 0;
    for (int round = 0; round < kills; round++) {
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
      fixture.awaitDeadOwners();
      String where = "round " + round + " (seed " + seed + ")";
      try (BlobStore store = fixture.open(StoreOptions.defaults())) {
        VerifyReport report = store.verifyAll();
        for (VerifyReport.Problem problem : report.problems()) {
          problems.add(where + ": verify: " + problem);
        }
        int visible = store.list(Query.all()).items().size();
        if (visible > CrashWorker.KEYS) {
          problems.add(where + ": " + visible + " blobs visible, at most " + CrashWorker.KEYS);
        }
        Map<Integer, Set<String>> allowed = allowedStates(journal);
        for (Map.Entry<Integer, Set<String>> e : allowed.entrySet()) {
          BlobRef ref = BlobRef.key(CrashWorker.BUCKET, "k" + e.getKey());
          String actual = "-";
          if (store.exists(ref)) {
            byte[] content = store.getBytes(ref);
            blobs++;
            bytes += content.length;
            actual = Bytes.sha256(content);
            String recorded = store.info(ref).sha256();
            if (recorded != null && !actual.equals(recorded)) { // null while stale
              problems.add(where + ": k" + e.getKey() + " SHA-256 " + recorded + " for " + actual);
            }
          }
          if (!e.getValue().contains(actual)) {
            lost++;
            problems.add(
                where + ": k" + e.getKey() + " holds " + actual + ", allowed " + e.getValue());
          }
        }
      }
      long pending = fixture.rowsNotReady();
      if (pending != 0) {
        problems.add(where + ": " + pending + " rows not 'ready' after reopening");
      }
    }
    long done = Files.readAllLines(journal).stream().filter(l -> l.startsWith("DONE ")).count();
    return new Result(kills, done, blobs, bytes, lost, problems);
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
    p.destroyForcibly();
    throw new AssertionError("worker not READY after 60 s");
  }

  /**
   * For each key the journal touched: its last DONE state, plus the state of every BEGIN after it.
   * More than one BEGIN can follow the last DONE: a worker killed after its commit but before it
   * logged DONE, whose successor began another operation on the key and was killed before that one
   * committed.
   */
  private static Map<Integer, Set<String>> allowedStates(Path journal) throws Exception {
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
}
