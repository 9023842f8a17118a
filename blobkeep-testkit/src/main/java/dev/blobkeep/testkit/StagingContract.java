package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobCorruptException;
import dev.blobkeep.BlobExistsException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BucketNotEmptyException;
import dev.blobkeep.GcReport;
import dev.blobkeep.PreconditionFailedException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StagedBlobNotFoundException;
import dev.blobkeep.StoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged blobs and compose: the store side of S3 multipart uploads. */
public abstract class StagingContract extends ContractBase {
  /** Where a staged blob's chunk rows start (schema 6): its chunk {@code i} is row 128 + i. */
  private static final long STAGED_BASE = 128;

  @TempDir protected Path tmp;

  private BlobInfo stage(byte[] data, String upload, int part) {
    return store.stage(
        new StrangeInputStream(new ByteArrayInputStream(data), part),
        data.length,
        PutOptions.in("mp").meta(Map.of("upload", upload, "part", "" + part)));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private List<String> staged(String upload) {
    return store.listStaged("mp", Map.of("upload", upload), null, 100).items().stream()
        .map(BlobInfo::id)
        .toList();
  }

  @Test
  void stagedBlobsAreNeverVisibleButListedAsStaged() {
    BlobInfo part = stage(Bytes.random(2 * CHUNK + 3, 1), "u1", 1);
    assertThat(part.key()).isNull();

    assertThatThrownBy(() -> store.info(part.ref())).isInstanceOf(BlobNotFoundException.class);
    assertThatThrownBy(() -> store.getBytes(part.ref())).isInstanceOf(BlobNotFoundException.class);
    assertThat(store.exists(part.ref())).isFalse();
    assertThat(store.list(Query.bucket("mp")).items()).isEmpty();
    assertThat(store.list(Query.all()).items()).isEmpty();

    assertThat(staged("u1")).containsExactly(part.id());
    assertThat(staged("u2")).isEmpty();
    BlobInfo listed = store.listStaged("mp", Map.of(), null, 10).items().get(0);
    assertThat(listed.meta()).containsEntry("part", "1");
    assertThat(listed.size()).isEqualTo(2 * CHUNK + 3);
    assertThat(store.bucket("mp")).isPresent();
    assertThatThrownBy(() -> store.deleteBucket("mp"))
        .isInstanceOf(BucketNotEmptyException.class)
        .hasMessageContaining(part.id());
  }

  @Test
  void stagedBlobsArePagedById() {
    for (int i = 1; i <= 3; i++) {
      stage(new byte[] {(byte) i}, "u1", i);
    }
    var first = store.listStaged("mp", Map.of("upload", "u1"), null, 2);
    assertThat(first.items()).hasSize(2);
    var rest = store.listStaged("mp", Map.of("upload", "u1"), first.nextCursor(), 2);
    assertThat(rest.items()).hasSize(1);
    assertThat(rest.hasMore()).isFalse();
  }

  @Test
  void composingChunkAlignedPartsMovesTheirChunksWithoutCopying() throws Exception {
    byte[] a = Bytes.random(2 * CHUNK, 1);
    byte[] b = concat(Bytes.random(CHUNK, 2), new byte[CHUNK], Bytes.random(CHUNK, 3)); // sparse
    byte[] c = Bytes.random(CHUNK / 2 + 5, 4);
    BlobInfo pa = stage(a, "u1", 1);
    BlobInfo pb = stage(b, "u1", 2);
    BlobInfo pc = stage(c, "u1", 3);
    long chunkRows = rows("chunks");

    BlobInfo made =
        store.compose(
            List.of(pa.ref(), pb.ref(), pc.ref()),
            PutOptions.at("mp", "big").contentType("text/plain").etag("abc-3"));

    // moved, not copied; the small last part's content, kept in its row, became one chunk row
    assertThat(rows("chunks")).as("chunk rows are moved, not copied").isEqualTo(chunkRows + 1);
    StoredChunks stored = new StoredChunks(fixture);
    for (BlobInfo part : List.of(pa, pb, pc)) {
      assertThat(stored.count(part.id())).isZero();
    }
    assertThat(stored.count(made.id())).isEqualTo(5); // the all-zero chunk was never stored
    assertThat(staged("u1")).isEmpty();

    byte[] all = concat(a, b, c);
    assertThat(store.getBytes(BlobRef.key("mp", "big"))).isEqualTo(all);
    BlobInfo info = store.info(made.ref());
    assertThat(info.size()).isEqualTo(all.length);
    assertThat(info.contentType()).isEqualTo("text/plain");
    assertThat(info.storedEtag()).isEqualTo("abc-3");
    String etag = info.etag();
    assertThat(store.verify(made.ref()).ok()).isTrue();
    assertThat(store.verifyAll().ok()).isTrue();
    assertThat(store.info(made.ref()).etag()).as("unchanged by verify").isEqualTo(etag);
    assertThatThrownBy(() -> store.compose(List.of(pa.ref()), PutOptions.at("mp", "again")))
        .isInstanceOf(StagedBlobNotFoundException.class);
  }

  @Test
  void smallPartsKeptInTheirRowsComposeByteExactWhetherMovedOrCopied() throws Exception {
    byte[] a = Bytes.random(1000, 1);
    byte[] b = Bytes.random(CHUNK - 1, 2);
    byte[] c = Bytes.random(CHUNK / 2, 3);
    BlobInfo pa = stage(a, "u1", 1);
    BlobInfo pb = stage(b, "u1", 2);
    BlobInfo pc = stage(c, "u1", 3);
    StoredChunks stored = new StoredChunks(fixture);
    assertThat(stored.count(pa.id())).as("a small part keeps no chunk rows").isZero();

    BlobInfo copied =
        store.compose(List.of(pa.ref(), pb.ref(), pc.ref()), PutOptions.at("mp", "copied"));
    BlobInfo single = stage(c, "u2", 1);
    BlobInfo moved = store.compose(List.of(single.ref()), PutOptions.at("mp", "moved"));
    byte[] w = Bytes.random(2 * CHUNK, 4);
    BlobInfo whole = stage(w, "u3", 1);
    BlobInfo last = stage(a, "u3", 2);
    BlobInfo aligned = store.compose(List.of(whole.ref(), last.ref()), PutOptions.at("mp", "al"));

    assertThat(store.getBytes(copied.ref())).isEqualTo(concat(a, b, c));
    assertThat(store.getBytes(moved.ref())).isEqualTo(c);
    assertThat(moved.sha256()).isEqualTo(Bytes.sha256(c));
    assertThat(store.getBytes(aligned.ref())).isEqualTo(concat(w, a));
    for (BlobInfo part : List.of(pa, pb, pc, single, whole, last)) {
      assertThat(stored.count(part.id())).isZero();
    }
    assertThat(store.listStaged("mp", Map.of(), null, 10).items()).isEmpty();
    assertThat(store.verifyAll().ok()).isTrue();
  }

  @Test
  void aSmallPartKeptInItsRowHasItsMd5() throws Exception {
    byte[] a = Bytes.random(700, 1);
    BlobInfo part =
        store.stage(new ByteArrayInputStream(a), a.length, PutOptions.in("mp").computeMd5());
    assertThat(part.md5()).isEqualTo(Md5Contract.md5(a));
    assertThat(part.storedEtag()).isEqualTo(Md5Contract.md5(a));
    BlobInfo made =
        store.compose(List.of(part.ref()), PutOptions.at("mp", "one").computeMd5().etag("x-1"));
    assertThat(made.md5()).isEqualTo(Md5Contract.md5(a));
    assertThat(made.storedEtag()).isEqualTo("x-1");
    assertThat(store.getBytes(made.ref())).isEqualTo(a);
  }

  @Test
  void emptyPartsAddNothingAndTheOnePartWithBytesGivesItsDigestsAndChunks() throws Exception {
    // an empty part of another chunk size first, as S3's Complete puts the upload's record
    BlobInfo empty =
        store.stage(InputStream.nullInputStream(), 0, PutOptions.in("mp").chunkSize(2 * CHUNK));
    byte[] a = Bytes.random(2 * CHUNK + 5, 1);
    BlobInfo part =
        store.stage(new ByteArrayInputStream(a), a.length, PutOptions.in("mp").computeMd5());
    BlobInfo tail = stage(new byte[0], "u1", 3);

    BlobInfo made =
        store.compose(List.of(empty.ref(), part.ref(), tail.ref()), PutOptions.at("mp", "one"));

    assertThat(store.getBytes(made.ref())).isEqualTo(a);
    assertThat(store.getBytes(made.ref(), CHUNK + 1, CHUNK))
        .isEqualTo(java.util.Arrays.copyOfRange(a, CHUNK + 1, 2 * CHUNK + 1));
    assertThat(made.sha256()).isEqualTo(Bytes.sha256(a));
    assertThat(made.md5()).isEqualTo(Md5Contract.md5(a));
    assertThat(store.listStaged("mp", Map.of(), null, 10).items()).isEmpty();
    assertThat(store.verifyAll().ok()).isTrue();
  }

  @Test
  void composingChunkAlignedPartsNeverReadsTheirBytes() throws Exception {
    BlobInfo pa = stage(Bytes.random(2 * CHUNK, 1), "u1", 1);
    BlobInfo pb = stage(Bytes.random(CHUNK, 2), "u1", 2);
    StoredChunks stored = new StoredChunks(fixture);
    // a staged blob's chunk 0 is kept at index 128
    byte[] data = stored.data(pb.id(), STAGED_BASE);
    data[7] ^= 1; // damaged behind the store's back: only a read of the bytes can tell
    stored.rewrite(pb.id(), STAGED_BASE, data, stored.crc(pb.id(), STAGED_BASE));

    BlobInfo made = store.compose(List.of(pa.ref(), pb.ref()), PutOptions.at("mp", "k"));

    // the row moved as it was, CRC and all: found where it now lies, chunk 2 of the new blob
    assertThatThrownBy(() -> store.getBytes(made.ref()))
        .hasMessageStartingWith("blob " + made.id() + " (mp/k) chunk 2 is corrupt");
    assertThat(store.getBytes(made.ref(), 0, 2 * CHUNK)).hasSize(2 * CHUNK);
  }

  @Test
  void composingUnalignedPartsCopiesTheirBytes() throws Exception {
    byte[] a = Bytes.random(CHUNK + 1, 1);
    byte[] b = Bytes.random(2 * CHUNK + 7, 2);
    BlobInfo pa = stage(a, "u1", 1);
    BlobInfo pb = stage(b, "u1", 2);

    BlobInfo made =
        store.compose(List.of(pa.ref(), pb.ref()), PutOptions.at("mp", "odd").computeMd5());

    byte[] all = concat(a, b);
    assertThat(store.getBytes(made.ref())).isEqualTo(all);
    assertThat(made.sha256()).isEqualTo(Bytes.sha256(all));
    assertThat(made.md5()).isEqualTo(Md5Contract.md5(all));
    assertThat(staged("u1")).isEmpty();
    assertThat(store.listStaged("mp", Map.of(), null, 10).items()).isEmpty();
    assertThat(store.verifyAll().ok()).isTrue();
    StoredChunks stored = new StoredChunks(fixture);
    assertThat(stored.count(pa.id()) + stored.count(pb.id())).isZero();
  }

  @Test
  void largePartsStagedInBatchesComposeByteExact() throws Exception {
    byte[] a = Bytes.random(5 * 1024 * 1024, 1); // past a staging batch, a multiple of CHUNK
    byte[] b = Bytes.random(4 * 1024 * 1024 + 11, 2);
    BlobInfo pa = stage(a, "u1", 1);
    BlobInfo pb = stage(b, "u1", 2);
    assertThat(staged("u1")).containsExactly(pa.id(), pb.id());
    assertThat(store.list(Query.all()).items()).isEmpty();

    BlobInfo made = store.compose(List.of(pa.ref(), pb.ref()), PutOptions.at("mp", "large"));

    assertThat(Bytes.sha256(store.getBytes(made.ref()))).isEqualTo(Bytes.sha256(concat(a, b)));
    assertThat(store.verify(made.ref()).ok()).isTrue();
  }

  @Test
  void contentStoredWithoutItsSha256HasAStaleOneThatVerifyComputesUnderTheSameEntityTag()
      throws Exception {
    byte[] small = Bytes.random(2 * CHUNK + 3, 1);
    byte[] large = Bytes.random(5 * 1024 * 1024 + 5, 2); // past a staging batch: a pending row
    PutOptions noSha = PutOptions.in("mp").computeMd5().skipSha256();
    BlobInfo ps = store.stage(new ByteArrayInputStream(small), -1, noSha.meta("part", "1"));
    BlobInfo pl = store.stage(new ByteArrayInputStream(large), -1, noSha.meta("part", "2"));
    BlobInfo put = store.put(large, noSha.key("put"));
    for (BlobInfo b : List.of(ps, pl, put)) {
      assertThat(b.sha256()).as("blob %s", b.id()).isNull();
      assertThat(b.version()).isEqualTo(1);
      assertThat(b.etag()).isEqualTo("v1-" + b.id());
    }
    assertThat(ps.md5()).isEqualTo(Md5Contract.md5(small));
    assertThat(pl.md5()).isEqualTo(Md5Contract.md5(large));
    assertThat(store.listStaged("mp", Map.of("part", "2"), null, 10).items().get(0).sha256())
        .isNull();

    BlobInfo alone = store.compose(List.of(pl.ref()), PutOptions.at("mp", "alone"));
    assertThat(alone.sha256()).isNull();
    String etag = alone.etag();
    assertThat(store.getBytes(alone.ref())).isEqualTo(large);
    for (BlobInfo b : List.of(alone, put)) {
      assertThat(store.verify(b.ref()).ok()).isTrue();
      BlobInfo verified = store.info(b.ref());
      assertThat(verified.sha256()).isEqualTo(Bytes.sha256(large));
      assertThat(verified.etag()).isEqualTo(b == alone ? etag : put.etag());
    }
    BlobInfo made =
        store.compose(List.of(ps.ref()), PutOptions.at("mp", "small")); // the small one, alone
    assertThat(store.getBytes(made.ref())).isEqualTo(small);
  }

  @Test
  void aFailedComposeLeavesPartsAndTargetAsTheyWere() throws Exception {
    BlobInfo old = store.put(new byte[] {9}, PutOptions.at("mp", "k"));
    BlobInfo pa = stage(Bytes.random(CHUNK, 1), "u1", 1);
    BlobInfo pb = stage(Bytes.random(CHUNK + 1, 2), "u1", 2);
    BlobInfo gone = stage(Bytes.random(3, 3), "u1", 3);
    store.delete(gone.ref()); // an abort
    long chunkRows = rows("chunks");

    assertThatThrownBy(() -> store.compose(List.of(pa.ref(), gone.ref()), PutOptions.at("mp", "k")))
        .isInstanceOf(StagedBlobNotFoundException.class)
        .hasMessage(
            "no staged blob "
                + gone.id()
                + " (part 2 of 2 of a compose into mp/k); nothing was changed");
    assertThatThrownBy(
            () -> store.compose(List.of(pa.ref(), pb.ref()), PutOptions.at("mp", "k").ifAbsent()))
        .isInstanceOf(BlobExistsException.class);
    assertThatThrownBy(
            () -> store.compose(List.of(pb.ref(), pa.ref()), PutOptions.at("mp", "k").ifMatch("x")))
        .isInstanceOf(PreconditionFailedException.class);
    assertThatThrownBy(() -> store.compose(List.of(pa.ref(), pa.ref()), PutOptions.at("mp", "k")))
        .hasMessageContaining("twice");

    assertThat(staged("u1")).containsExactly(pa.id(), pb.id());
    assertThat(rows("chunks")).isEqualTo(chunkRows);
    assertThat(store.getBytes(BlobRef.key("mp", "k"))).containsExactly(9);
    assertThat(store.info(BlobRef.key("mp", "k")).id()).isEqualTo(old.id());

    BlobInfo made =
        store.compose(List.of(pa.ref(), pb.ref()), PutOptions.at("mp", "k").ifMatch(old.etag()));
    assertThat(store.info(BlobRef.key("mp", "k")).id()).isEqualTo(made.id());
    assertThat(store.exists(old.ref())).isFalse();
  }

  @Test
  void twoComposesOfTheSamePartsRacingMakeOneBlob() throws Exception {
    for (int round = 0; round < 5; round++) {
      BlobInfo pa = stage(Bytes.random(2 * CHUNK, round), "r" + round, 1);
      BlobInfo pb = stage(Bytes.random(CHUNK, round + 100), "r" + round, 2);
      List<BlobRef> parts = List.of(pa.ref(), pb.ref());
      String key = "race" + round;
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.Callable<Object> compose =
          () -> {
            go.await();
            try {
              return store.compose(
                  parts, PutOptions.at("mp", key + Thread.currentThread().getId()));
            } catch (StagedBlobNotFoundException e) {
              return e;
            }
          };
      var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        var first = pool.submit(compose);
        var second = pool.submit(compose);
        go.countDown();
        List<Object> results =
            List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));
        assertThat(results).filteredOn(r -> r instanceof BlobInfo).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof StagedBlobNotFoundException).hasSize(1);
        BlobInfo made =
            (BlobInfo) results.stream().filter(r -> r instanceof BlobInfo).findFirst().get();
        assertThat(new StoredChunks(fixture).count(made.id())).isEqualTo(3);
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(store.verifyAll().ok()).isTrue();
    assertThat(store.verifyAll().blobsChecked()).isEqualTo(5);
    assertThat(store.listStaged("mp", Map.of(), null, 100).items()).isEmpty();
  }

  @Test
  void blobsStagedUnderSchemaFiveComposeByteExactAfterTheUpgradeMovesTheirRows() throws Exception {
    byte[] a = Bytes.random(2 * CHUNK, 1);
    byte[] b = Bytes.random(CHUNK + 5, 2);
    byte[] small = Bytes.random(1000, 3);
    BlobInfo pa = stage(a, "u1", 1);
    BlobInfo pb = stage(b, "u1", 2);
    BlobInfo ps = stage(small, "u2", 1);
    StoredChunks stored = new StoredChunks(fixture);
    store.close();
    asSchemaFiveStaged(stored, pa);
    asSchemaFiveStaged(stored, pb);
    // as schema 4 staged a small blob, which the step to 5 left so: its one chunk as a row
    assertThat(stored.inline(ps.id())).isEqualTo(small);
    stored.insert(ps.id(), 0, small, StoredChunks.crc(ps.id(), 0, small));
    sql(
        "UPDATE "
            + fixture.table("blobs")
            + " SET inline_data = NULL, inline_crc = NULL WHERE id = '"
            + ps.id()
            + "'");
    sql("UPDATE " + fixture.table("settings") + " SET value = '5' WHERE name = 'schema_version'");

    store = fixture.open(options());

    assertThat(stored.data(pa.id(), STAGED_BASE + 1))
        .isEqualTo(Arrays.copyOfRange(a, CHUNK, 2 * CHUNK));
    assertThat(stored.data(ps.id(), STAGED_BASE)).isEqualTo(small);
    BlobInfo made = store.compose(List.of(pa.ref(), pb.ref()), PutOptions.at("mp", "k"));
    assertThat(store.getBytes(made.ref())).isEqualTo(concat(a, b));
    BlobInfo one = store.compose(List.of(ps.ref()), PutOptions.at("mp", "small"));
    assertThat(store.getBytes(one.ref())).isEqualTo(small);
    assertThat(store.verifyAll().problems()).isEmpty();
  }

  @Test
  void aPartWithRowsWhereSchemaFivePutThemFailsTheComposeAndChangesNothing() throws Exception {
    byte[] a = Bytes.random(2 * CHUNK, 1);
    BlobInfo pa = stage(a, "u1", 1);
    StoredChunks stored = new StoredChunks(fixture);
    asSchemaFiveStaged(stored, pa); // staged by an older process still running on the store

    assertThatThrownBy(() -> store.compose(List.of(pa.ref()), PutOptions.at("mp", "k")))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessage(
            "staged blob "
                + pa.id()
                + " has a chunk row at index 0, below 128 where its chunks start (staged by an"
                + " older blobkeep still running on this store?); compose into mp/k refused,"
                + " nothing changed");
    assertThat(staged("u1")).containsExactly(pa.id());
    assertThat(store.exists(BlobRef.key("mp", "k"))).isFalse();
    assertThat(stored.count(pa.id())).isEqualTo(2);
  }

  /** Moves a staged blob's chunk rows where schema 5 kept them: chunk i at index i. */
  private void asSchemaFiveStaged(StoredChunks stored, BlobInfo part) throws Exception {
    for (long i = 0; i < (part.size() + CHUNK - 1) / CHUNK; i++) {
      byte[] data = stored.data(part.id(), STAGED_BASE + i);
      sql(
          "UPDATE "
              + fixture.table("chunks")
              + " SET idx = "
              + i
              + ", crc = "
              + StoredChunks.crc(part.id(), i, data)
              + " WHERE blob_id = '"
              + part.id()
              + "' AND idx = "
              + (STAGED_BASE + i));
    }
  }

  @Test
  void anAbortRemovesTheStagedBlobAndItsChunks() throws Exception {
    BlobInfo part = stage(Bytes.random(3 * CHUNK, 1), "u1", 1);
    store.delete(part.ref());
    assertThat(staged("u1")).isEmpty();
    assertThat(new StoredChunks(fixture).count(part.id())).isZero();
    assertThatThrownBy(() -> store.delete(part.ref())).isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void aStageOfAnotherLengthThanExpectedStoresNothing() throws Exception {
    assertThatThrownBy(
            () -> store.stage(new ByteArrayInputStream(new byte[10]), 11, PutOptions.in("mp")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("expected 11");
    assertThatThrownBy(
            () ->
                store.stage(
                    new ByteArrayInputStream(Bytes.random(3 * CHUNK, 1)), 5, PutOptions.in("mp")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("expected 5");
    store.gc();
    assertThat(store.listStaged("mp", Map.of(), null, 10).items()).isEmpty();
    assertThat(rows("chunks")).isZero();
    assertThat(fixture.rowsNotReady()).isZero();
  }

  @Test
  void gcRemovesExpiredStagedBlobsOnly() throws Exception {
    BlobInfo old = stage(Bytes.random(2 * CHUNK, 1), "u1", 1);
    BlobInfo fresh = stage(Bytes.random(2 * CHUNK, 2), "u1", 2);
    sql("UPDATE " + fixture.table("blobs") + " SET updated = 0 WHERE id = '" + old.id() + "'");

    GcReport report = store.gc();

    assertThat(report.abandonedUploads()).isEqualTo(1);
    assertThat(staged("u1")).containsExactly(fresh.id());
    assertThat(new StoredChunks(fixture).count(old.id())).isZero();
    assertThat(new StoredChunks(fixture).count(fresh.id())).isEqualTo(2);
  }

  @Test
  void aProcessKilledWhileStagingLeavesNothingBehind() throws Exception {
    store.close();
    store = null;
    Path log = tmp.resolve("stage-worker.log");
    Process p = ChildJvm.start(List.of("-Xmx128m"), StageWorker.class, log, fixture.location());
    try {
      while (!Files.exists(log) || !Files.readString(log).contains("READY")) {
        assertThat(p.isAlive())
            .as("worker: %s", Files.exists(log) ? Files.readString(log) : "")
            .isTrue();
        Thread.sleep(50);
      }
    } finally {
      p.destroyForcibly(); // SIGKILL: no cleanup runs in the worker
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(rows("chunks")).as("the worker had staged chunks").isPositive();

    fixture.awaitDeadOwners(); // PostgreSQL: the killed worker's lease (1 s) runs out first
    store = fixture.open(options()); // opening collects what the dead writer left

    assertThat(store.listStaged("crash", Map.of(), null, 10).items()).isEmpty();
    assertThat(store.list(Query.all()).items()).isEmpty();
    assertThat(fixture.rowsNotReady()).isZero();
    assertThat(rows("chunks")).isZero();
  }
}
