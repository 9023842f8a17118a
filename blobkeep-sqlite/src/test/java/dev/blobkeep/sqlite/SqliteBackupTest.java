package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.VerifyReport;
import dev.blobkeep.testkit.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BlobStore#backupTo}: a consistent copy of a SQLite store taken while a writer runs. */
class SqliteBackupTest {
  @TempDir Path dir;

  @Test
  void backupWhileAWriterRunsHoldsEveryBlobCommittedBeforeItWhole() throws Exception {
    Path backup = dir.resolve("backup.db");
    Map<String, String> committed = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    CountDownLatch someWritten = new CountDownLatch(20);
    try (BlobStore store =
        BlobStore.open(dir.resolve("store.db").toString(), StoreOptions.defaults())) {
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int i = 0; !stop.get(); i++) {
                    byte[] data = Bytes.random(1000 + (i % 7) * 200_000, i);
                    BlobInfo b = store.put(data, PutOptions.at("w", "k" + i % 50));
                    committed.put(b.id(), b.sha256());
                    someWritten.countDown();
                  }
                } catch (Throwable t) {
                  writerFailure.set(t);
                }
              });
      writer.start();
      someWritten.await();
      Map<String, String> before = Map.copyOf(committed);
      VerifyReport report;
      try {
        report = store.backupTo(backup);
      } finally {
        stop.set(true);
        writer.join();
      }
      assertThat(writerFailure.get()).isNull();

      assertThat(report.ok()).as("%s", report.problems()).isTrue();
      try (BlobStore copy =
          BlobStore.open(backup.toString(), StoreOptions.defaults().readOnly(true))) {
        List<BlobInfo> blobs = copy.list(Query.all().limit(1000)).items();
        assertThat(report.blobsChecked()).isEqualTo(blobs.size());
        // keys are reused: a blob committed before may have been replaced before the snapshot,
        // but every key written before is there, with content some committed put stored
        assertThat(blobs).hasSizeGreaterThanOrEqualTo(Math.min(50, before.size()));
        for (BlobInfo b : blobs) {
          assertThat(Bytes.sha256(copy.getBytes(b.ref()))).isEqualTo(committed.get(b.id()));
        }
      }
    }
  }

  @Test
  void anExistingTargetIsRefusedAndLeftAsItWas() throws Exception {
    Path taken = Files.writeString(dir.resolve("taken.db"), "keep me");
    try (BlobStore store = BlobStore.open(dir.resolve("store.db").toString())) {
      store.put("x".getBytes());
      assertThatThrownBy(() -> store.backupTo(taken))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("backup target " + taken + " already exists; nothing was written");
    }
    assertThat(Files.readString(taken)).isEqualTo("keep me");
  }
}
