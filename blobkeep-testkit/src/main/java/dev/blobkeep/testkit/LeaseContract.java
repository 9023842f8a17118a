package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.GcReport;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload owners as leases, for the server backends: gc on one store removes an upload only once its
 * owner's lease expired (a paused process), and never one whose owner is alive on another store.
 * Each test gets a fresh database from {@link #newFixture()} and opens its own stores.
 */
public abstract class LeaseContract {
  private static final StoreOptions SHORT_LEASES =
      StoreOptions.defaults().leases(Duration.ofMillis(50), Duration.ofMillis(300));

  @TempDir protected Path tmp;
  protected StoreFixture fixture;

  /** A fresh, empty database for one test. */
  protected abstract StoreFixture newFixture();

  @BeforeEach
  void newDatabase() {
    fixture = newFixture();
  }

  @AfterEach
  void drop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void pausedOwnerLosesItsLeaseAndItsUploadIsCollectedAndFailsWithNothingVisible()
      throws Exception {
    Path log = tmp.resolve("worker.log");
    Path go = tmp.resolve("go");
    Process p =
        ChildJvm.start(
            List.of("-Xmx256m"), PausedUpload.class, log, fixture.location(), go.toString());
    try {
      awaitOutput(log, p, "STAGED");
      signal("STOP", p);
      assertThat(fixture.rowsNotReady()).as("the paused upload's pending row").isEqualTo(1);
      fixture.awaitDeadOwners(); // the stopped process cannot renew its lease
      try (BlobStore other = fixture.open(StoreOptions.defaults())) { // collects at open
        assertThat(fixture.rowsNotReady()).as("pending rows after gc on another store").isZero();
        assertThat(other.gc().abandonedUploads()).isZero();
        signal("CONT", p);
        Files.createFile(go);
        String out = awaitOutput(log, p, "RESULT");
        assertThat(out)
            .contains("RESULT failed: upload ")
            .contains("was removed while in progress");
        assertThat(other.list(Query.all()).items()).isEmpty();
      }
    } finally {
      p.destroyForcibly();
      p.waitFor();
    }
    assertThat(fixture.rowsNotReady()).isZero();
    assertThat(chunkRows()).isZero();
  }

  @Test
  void ownerAliveOnOneStoreIsNeverCollectedByGcOnAnother() throws Exception {
    Path go = tmp.resolve("go");
    try (BlobStore a = fixture.open(SHORT_LEASES);
        BlobStore b = fixture.open(SHORT_LEASES)) {
      PausedUpload content = new PausedUpload(go);
      CompletableFuture<BlobInfo> upload =
          CompletableFuture.supplyAsync(() -> a.put(content, PutOptions.at("live", "blob")));
      while (fixture.rowsNotReady() == 0 && !upload.isDone()) {
        Thread.sleep(20);
      }
      // Spans many lease expiries of A: its renewals keep the upload alive throughout.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (System.nanoTime() < until) {
        GcReport report = b.gc();
        assertThat(report.abandonedUploads()).as("uploads of a live owner collected").isZero();
        Thread.sleep(100);
      }
      Files.createFile(go);
      BlobInfo info = upload.get(60, TimeUnit.SECONDS);
      assertThat(b.getBytes(BlobRef.key("live", "blob"))).hasSize(2 * PausedUpload.BATCH);
      assertThat(b.info(BlobRef.key("live", "blob")).sha256()).isEqualTo(info.sha256());
    }
  }

  private long chunkRows() throws Exception {
    try (var c = fixture.connect();
        var s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM " + fixture.table("chunks"))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void signal(String name, Process p) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %d", name, p.pid()).isZero();
  }

  private static String awaitOutput(Path log, Process p, String word) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      if (text.contains(word)) {
        return text;
      }
      if (!p.isAlive()) {
        throw new AssertionError("worker ended before " + word + ":\n" + text);
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "worker did not print " + word + " in 60 s:\n" + Files.readString(log));
  }
}
