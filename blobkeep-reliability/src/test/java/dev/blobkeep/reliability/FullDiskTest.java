package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.VerifyReport;
import dev.blobkeep.Whence;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.SqliteFixture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Writes into a size-limited space fail with a clear error, leave every earlier blob intact and the
 * store consistent, and work again once space returns: on a small tmpfs (root only; skipped with
 * the reason otherwise, except under {@code CI=true}, where the page-limit variant stands in), and
 * with SQLite's {@code max_page_count}. Rounds: 1 (soak: 5).
 */
class FullDiskTest {
  private static final int ROUNDS = Soak.pick(1, 5);
  private static final int BLOB = 256 * 1024;
  private static final int PAGE_LIMIT = 160; // 10 MiB at 64 KiB pages

  @Test
  void sqliteOnAFullTmpfsFailsClearlyKeepsEveryBlobAndWorksWhenSpaceReturns() throws Exception {
    Tmpfs tmpfs;
    try {
      tmpfs = Tmpfs.mount(24);
    } catch (IOException e) {
      if ("true".equals(System.getenv("CI"))) {
        pageLimit("full disk: SQLite max_page_count (tmpfs mount failed on CI)");
        return;
      }
      Assumptions.abort(
          "the tmpfs variant needs permission to mount a tmpfs (run as root): " + e.getMessage());
      return;
    }
    Tally tally = new Tally("full disk: SQLite on a 24 MiB tmpfs, grown by remount");
    try (tmpfs) {
      int size = 24;
      try (SqliteFixture db = new SqliteFixture(tmpfs.dir)) {
        for (int round = 0; round < ROUNDS; round++) {
          try (BlobStore store = db.open(StoreOptions.defaults())) {
            fillFreeAndRefill(store, tally, round);
          }
          size += 24;
          tmpfs.resize(size); // space returns
          try (BlobStore store = db.open(StoreOptions.defaults())) {
            afterSpaceReturns(store, db, tally);
          }
        }
      }
    }
    tally.pass();
  }

  @Test
  void sqliteAtMaxPageCountFailsClearlyKeepsEveryBlobAndWorksWhenSpaceReturns() throws Exception {
    pageLimit("full disk: SQLite max_page_count (10 MiB)");
  }

  private void pageLimit(String scenario) throws Exception {
    Tally tally = new Tally(scenario);
    try (SqliteFixture db = new SqliteFixture()) {
      BlobStore.open(db.location()).close(); // creates the file with the store's page size
      for (int round = 0; round < ROUNDS; round++) {
        int pages = PAGE_LIMIT * (round + 1);
        try (BlobStore store = limited(db, pages)) {
          fillFreeAndRefill(store, tally, round);
        }
        try (BlobStore store = limited(db, pages + PAGE_LIMIT)) { // space returns
          afterSpaceReturns(store, db, tally);
        }
      }
    }
    tally.pass();
  }

  private static BlobStore limited(SqliteFixture db, int pages) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(30_000);
    config.setMaxPageCount(pages);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + db.file().toAbsolutePath());
    return BlobStore.open(ds, StoreOptions.defaults());
  }

  /**
   * Puts blobs until the space is full, checks the error and that everything earlier is intact
   * while full, then deletes a few blobs (which must work, or fail with the same clear error).
   */
  private static void fillFreeAndRefill(BlobStore store, Tally tally, int round) {
    Random random = new Random();
    StoreException full = null;
    for (int i = 0; i < 2000 && full == null; i++) {
      String key = "r" + round + "-" + i;
      byte[] data = Bytes.random(BLOB, random.nextLong());
      try {
        store.put(data, PutOptions.at("full", key));
        tally.expected.put(key, data);
        tally.scenario.operations(1);
      } catch (StoreException e) {
        full = e;
        tally.faults++;
        tally.failedKeys.add(key);
      }
    }
    if (full == null) {
      fail("2000 puts of %d bytes never filled the space", BLOB);
    }
    tally.messages.add(full.getMessage());
    assertThat(full.getMessage()).contains("the disk is full").doesNotContain("\n");
    tally.checkAll(store);
    // More writes while full: each works or fails with the same clear error.
    String victim = tally.expected.keySet().iterator().next();
    BlobRef ref = BlobRef.key("full", victim);
    tryWhileFull(tally, () -> store.updateMeta(ref, Map.of("while", "full"), List.of()));
    if (tryWhileFull(tally, () -> store.allocate(BLOB, PutOptions.at("full", "alloc-" + round)))) {
      tally.expected.put("alloc-" + round, new byte[BLOB]);
    } else {
      tally.failedKeys.add("alloc-" + round);
    }
    byte[] patch = Bytes.random(100, random.nextLong());
    boolean patched =
        tryWhileFull(
            tally,
            () -> {
              try (BlobChannel ch = store.open(ref, OpenMode.READ_WRITE)) {
                ch.seek(10, Whence.START);
                ch.write(patch);
              }
              return null;
            });
    if (patched) {
      // The expected content is what was written, never what is read back.
      byte[] withPatch = tally.expected.get(victim).clone();
      System.arraycopy(patch, 0, withPatch, 10, patch.length);
      tally.expected.put(victim, withPatch);
    }
    tally.checkAll(store); // an in-place write that returned is in the blob; one that failed is not
    // Deleting frees space inside the file; a delete may itself need log space, so it either
    // works or fails cleanly.
    List<String> keys = new ArrayList<>(tally.expected.keySet());
    for (int i = 0; i < Math.min(4, keys.size()); i++) {
      String key = keys.get(i);
      if (tryWhileFull(
          tally,
          () -> {
            store.delete(BlobRef.key("full", key));
            return null;
          })) {
        tally.expected.remove(key);
      } // else the delete threw, so the blob must still be there, intact: checked next
    }
    tally.checkAll(store);
  }

  /** After space returned: puts work again, everything is intact, gc leaves nothing pending. */
  private static void afterSpaceReturns(BlobStore store, SqliteFixture db, Tally tally)
      throws Exception {
    Random random = new Random();
    for (int i = 0; i < 8; i++) {
      String key = "after-" + tally.expected.size() + "-" + i;
      byte[] data = Bytes.random(BLOB, random.nextLong());
      store.put(data, PutOptions.at("full", key)); // must work now
      tally.expected.put(key, data);
      tally.scenario.operations(1);
    }
    store.gc();
    tally.checkAll(store);
    long leftovers = db.rowsNotReady();
    if (leftovers != 0) {
      tally.scenario.failed(leftovers + " rows not 'ready' after space returned and gc ran");
    }
  }

  /** Runs a write while full: true if it worked, false if it failed with the clear error. */
  private static boolean tryWhileFull(Tally tally, ThrowingCall call) {
    try {
      call.run();
      tally.scenario.operations(1);
      return true;
    } catch (StoreException e) {
      tally.faults++;
      if (!e.getMessage().contains("the disk is full") || Hostile.hasLineBreak(e.getMessage())) {
        tally.scenario.failed(
            "a write while full failed with an unclear message: " + e.getMessage());
      }
      return false;
    } catch (IOException e) {
      // Channels keep IOException, with the store's exception as the cause.
      if (!(e.getCause() instanceof StoreException)
          || !e.getMessage().contains("the disk is full")) {
        tally.scenario.failed("a channel write while full failed unclearly: " + e);
      }
      tally.faults++;
      return false;
    } catch (Exception e) {
      tally.scenario.failed("a write while full threw " + e);
      return false;
    }
  }

  private interface ThrowingCall {
    Object run() throws Exception;
  }

  /** The expected content of every blob, and the scenario's figures. */
  private static final class Tally {
    final Scenario scenario;
    final Map<String, byte[]> expected = new TreeMap<>();
    final List<String> failedKeys = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    long faults;

    Tally(String name) {
      scenario = Scenario.storedData(name);
    }

    /** Every blob reads back as written, no other is visible, and verify passes. */
    void checkAll(BlobStore store) {
      for (Map.Entry<String, byte[]> e : expected.entrySet()) {
        BlobRef ref = BlobRef.key("full", e.getKey());
        byte[] content;
        try {
          content = store.getBytes(ref);
        } catch (RuntimeException ex) {
          scenario.lost(ref + " cannot be read: " + ex);
          continue;
        }
        scenario.operations(1);
        scenario.compare(ref.toString(), content, e.getValue());
      }
      for (String key : failedKeys) {
        if (store.exists(BlobRef.key("full", key))) {
          scenario.failed("full/" + key + ", whose put failed, is visible");
        }
      }
      List<String> visible = new ArrayList<>();
      Query q = Query.bucket("full").fields("key").limit(1000);
      store.list(q).items().forEach(b -> visible.add(b.key()));
      java.util.Collections.sort(visible);
      if (!visible.equals(new ArrayList<>(expected.keySet()))) {
        scenario.failed(
            "visible keys " + visible + " differ from the expected " + expected.keySet());
      }
      VerifyReport report = store.verifyAll();
      scenario.bytesCompared(report.bytesChecked());
      report.problems().forEach(p -> scenario.failed("verify: " + p));
    }

    /** Asserts that nothing was lost and every check passed, then records the row. */
    void pass() {
      System.out.println("full disk: errors seen: " + messages);
      scenario.pass(faults + " writes refused for lack of space");
    }
  }
}
