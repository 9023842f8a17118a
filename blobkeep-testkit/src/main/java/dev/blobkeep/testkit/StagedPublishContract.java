package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for the publish of a staged blob (more than one staging batch, so it is staged
 * under a pending row and then published in state {@code staged}). They guard two fixes: the
 * garbage collector, which may list an upload as pending while it publishes, never removes the
 * chunks or row of a blob that published as staged; and a staged publish whose commit answer was
 * lost is found in the database and reported as stored, not discarded. Each interleaving is forced
 * with an {@link InterposedDataSource}, never by timing.
 */
public abstract class StagedPublishContract extends ContractBase {
  @TempDir protected Path tmp;

  @Test
  void gcThatListedAStageAsPendingLeavesItIntactOnceItPublished() throws Exception {
    Path go = tmp.resolve("go");
    PausedUpload content = new PausedUpload(go);
    CompletableFuture<BlobInfo> staging =
        CompletableFuture.supplyAsync(
            () -> store.stage(content, 2L * PausedUpload.BATCH, PutOptions.in("mp")));
    InterposedDataSource db = new InterposedDataSource(fixture);
    try (BlobStore collector = fixture.open(db, options())) {
      awaitStagedChunks();
      // the uploader's liveness lapsed (a long pause, a lost lease): gc may collect its upload
      sql("UPDATE " + fixture.table("blobs") + " SET owner = 'lapsed' WHERE state = 'pending'");
      BlobInfo[] published = new BlobInfo[1];
      db.after(
          sql -> sql.contains("SELECT id, state, owner FROM"),
          () -> {
            // gc has listed the upload as pending; now it publishes, before gc goes on
            try {
              Files.createFile(go);
              published[0] = staging.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException("the paused stage failed: " + e, e);
            }
            return true;
          });

      collector.gc();

      assertThat(db.acted()).as("the stage published between gc's listing and its purge").isOne();
      assertThat(published[0]).isNotNull();
      assertComposesTo(published[0], content.bytes());
    }
  }

  @Test
  void aStagedPublishWhoseCommitAnswerWasLostIsReportedStored() throws Exception {
    byte[] data = Bytes.random(PausedUpload.BATCH, 5); // more than one staging batch
    InterposedDataSource db = new InterposedDataSource(fixture);
    try (BlobStore lossy = fixture.open(db, options())) {
      String stagedRows =
          "SELECT count(*) FROM " + fixture.table("blobs") + " WHERE state = 'staged'";
      db.after(
          InterposedDataSource::isCommit,
          () -> {
            if (count(stagedRows) == 0) {
              return false; // a staging batch's commit: the publish is still to come
            }
            throw InterposedDataSource.connectionLost("the commit that published the stage");
          });

      BlobInfo staged =
          lossy.stage(new ByteArrayInputStream(data), data.length, PutOptions.in("mp"));

      assertThat(db.acted()).as("the publishing commit's answer was lost").isOne();
      assertThat(staged.size()).isEqualTo(data.length);
      assertComposesTo(staged, data);
    }
  }

  /** Waits until the paused upload has committed its first batch of chunks. */
  private void awaitStagedChunks() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (rows("chunks") == 0) {
      assertThat(System.nanoTime()).as("first batch staged within 60 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** The staged blob is listed, and composes into a blob that reads back as {@code data}. */
  private void assertComposesTo(BlobInfo staged, byte[] data) {
    assertThat(store.listStaged("mp", Map.of(), null, 10).items())
        .extracting(BlobInfo::id)
        .containsExactly(staged.id());
    store.compose(List.of(staged.ref()), PutOptions.at("mp", "whole"));
    assertThat(store.getBytes(BlobRef.key("mp", "whole"))).isEqualTo(data);
    assertThat(store.verifyAll().ok()).isTrue();
  }
}
