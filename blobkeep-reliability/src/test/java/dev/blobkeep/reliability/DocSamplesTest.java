package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.Blobs;
import dev.blobkeep.CopyOptions;
import dev.blobkeep.CopyReport;
import dev.blobkeep.PutOptions;
import dev.blobkeep.ReadFrom;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.VerifyReport;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java samples of {@code docs/operations.md} and {@code docs/clusters.md} run: the pages
 * include the code between this file's {@code tag::TAG[]} and {@code end::TAG[]} comments, which
 * the examples' {@code DocsSamplesTest} compares with the pages.
 */
@ExtendWith(PgAvailable.class)
class DocSamplesTest {
  @TempDir Path dir;

  @Test
  void copyAndBackupSamplesRun() {
    try (PgFixture pg = new PgFixture()) {
      String sqliteFile = dir.resolve("blobs.db").toString();
      String postgresUrl = pg.location();
      try (BlobStore store = BlobStore.open(sqliteFile)) {
        store.put("hello".getBytes(), PutOptions.at("docs", "a.txt"));
      }
      // tag::copy[]
      try (BlobStore from = BlobStore.open(sqliteFile);
          BlobStore to = BlobStore.open(postgresUrl)) {
        CopyReport report = from.copyTo(to, CopyOptions.defaults());
        System.out.println(report.summary()); // copied 1 blob (5 B), skipped 0 unchanged, ...
        if (report.failed() > 0) {
          report.failures().forEach(System.err::println); // run it again once fixed
        }
      }
      // end::copy[]
      Path backupFile = dir.resolve("backup.db");
      // tag::backup[]
      try (BlobStore store = BlobStore.open(sqliteFile)) {
        VerifyReport copy = store.backupTo(backupFile); // writers may go on meanwhile
        if (!copy.ok()) {
          throw new IllegalStateException("backup damaged: " + copy.problems());
        }
      }
      // end::backup[]
      assertThat(backupFile).exists();
      try (BlobStore to = BlobStore.open(postgresUrl)) {
        assertThat(to.getBytes(dev.blobkeep.BlobRef.key("docs", "a.txt")))
            .isEqualTo("hello".getBytes());
      }
    }
  }

  @Test
  void standbyReadSampleRuns() {
    try (PgFixture pg = new PgFixture()) {
      String clusterUrl = pg.location(); // one server: reads fall back to it
      // tag::readFrom[]
      StoreOptions options = StoreOptions.defaults().readFrom(ReadFrom.STANDBY_PREFERRED);
      try (BlobStore store = BlobStore.open(clusterUrl, options)) {
        BlobInfo put = store.put("hello".getBytes(), PutOptions.at("docs", "a.txt"));
        Blobs primary = store.primary(); // reads that must see the write just made
        byte[] now = primary.getBytes(put.ref());
        boolean replicated = store.exists(put.ref()); // a standby: maybe not yet
      }
      // end::readFrom[]
      try (BlobStore store = BlobStore.open(clusterUrl)) {
        assertThat(store.exists(dev.blobkeep.BlobRef.key("docs", "a.txt"))).isTrue();
      }
    }
  }
}
