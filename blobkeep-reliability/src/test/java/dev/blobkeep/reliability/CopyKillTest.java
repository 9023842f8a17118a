package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.CopyOptions;
import dev.blobkeep.CopyReport;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.ChildJvm;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.SqliteFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy from SQLite into PostgreSQL is killed (SIGKILL) after some blobs; the same copy run again
 * copies only what is missing, and the target then holds every blob with its content.
 */
@ExtendWith(PgAvailable.class)
class CopyKillTest {
  /** Short leases: the killed copy's upload at the target is collectable a second after. */
  static final StoreOptions OPTIONS =
      StoreOptions.defaults()
          .chunkSize(64 * 1024)
          .leases(Duration.ofMillis(100), Duration.ofSeconds(1));

  private static final int BLOBS = 60;
  private static final int KILL_AFTER = 10;

  @TempDir Path tmp;

  @Test
  void aKilledCopyRunAgainCopiesOnlyTheRest() throws Exception {
    try (SqliteFixture source = new SqliteFixture();
        PgFixture target = new PgFixture()) {
      try (BlobStore store = source.open(OPTIONS)) {
        for (int i = 0; i < BLOBS; i++) {
          store.put(Bytes.random(1 << 20, i), PutOptions.at("b" + i % 3, "k" + i));
        }
      }
      Path log = tmp.resolve("worker.log");
      Process worker =
          ChildJvm.start(
              List.of("-Xmx64m"), CopyWorker.class, log, source.location(), target.location());
      int copiedBeforeKill = awaitCopied(log, worker);
      worker.destroyForcibly();
      assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
      int copiedByWorker = copied(log);
      assertThat(copiedByWorker).as("killed mid-copy").isLessThan(BLOBS);
      target.awaitDeadOwners();

      try (BlobStore from = source.open(OPTIONS);
          BlobStore to = target.open(OPTIONS)) {
        CopyReport rerun = from.copyTo(to, CopyOptions.defaults());

        assertThat(rerun.failures()).isEmpty();
        assertThat(rerun.skipped()).isGreaterThanOrEqualTo(Math.max(copiedBeforeKill, 1));
        assertThat(rerun.skipped()).isGreaterThanOrEqualTo(copiedByWorker);
        assertThat(rerun.copied() + rerun.skipped()).isEqualTo(BLOBS);
        List<BlobInfo> blobs = to.list(Query.all().limit(1000)).items();
        assertThat(blobs).hasSize(BLOBS);
        for (BlobInfo blob : blobs) {
          assertThat(to.info(blob.ref())).isEqualTo(from.info(blob.ref()));
          assertThat(Bytes.sha256(to.getBytes(blob.ref()))).isEqualTo(blob.sha256());
        }
        assertThat(to.verifyAll().ok()).isTrue();
      }
    }
  }

  /** Waits until the worker reports {@link #KILL_AFTER} copied blobs; returns how many it saw. */
  private static int awaitCopied(Path log, Process worker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      int n = copied(log);
      if (n >= KILL_AFTER) {
        return n;
      }
      assertThat(worker.isAlive()).as("worker alive; log: %s", read(log)).isTrue();
      Thread.sleep(20);
    }
    throw new AssertionError("the worker copied fewer than " + KILL_AFTER + " blobs in 2 minutes");
  }

  private static int copied(Path log) throws Exception {
    return (int) read(log).lines().filter(l -> l.startsWith("COPIED ")).count();
  }

  private static String read(Path log) throws Exception {
    return Files.exists(log) ? Files.readString(log) : "";
  }
}
