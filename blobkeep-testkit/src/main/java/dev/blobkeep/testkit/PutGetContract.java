package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobExistsException;
import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole blobs, streamed in and out; addressing and replacement; bad input. */
public abstract class PutGetContract extends ContractBase {
  /**
   * The bytes the engine writes per transaction of a large upload (4 MiB, {@code
   * dev.blobkeep.internal.UploadContent.BATCH_BYTES}): one batch.
   */
  private static final int BATCH = 4 << 20;

  @TempDir protected Path tmp;

  @Test
  void bytesComeBackThroughEveryReadPath() throws IOException {
    byte[] data = Bytes.random(3 * CHUNK + 17, 1);
    BlobInfo info = store.put(data, PutOptions.at("docs", "a.bin").contentType("text/plain"));

    assertThat(info.size()).isEqualTo(data.length);
    assertThat(info.sha256()).isEqualTo(Bytes.sha256(data));
    assertThat(info.contentType()).isEqualTo("text/plain");
    assertThat(store.getBytes(info.ref())).isEqualTo(data);
    assertThat(store.getBytes(BlobRef.key("docs", "a.bin"))).isEqualTo(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(store.get(info.ref(), out)).isEqualTo(data.length);
    assertThat(out.toByteArray()).isEqualTo(data);
    try (InputStream in = store.openStream(info.ref())) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    Path target = tmp.resolve("out.bin");
    store.get(info.ref(), target);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
  }

  @Test
  void sizesAroundChunkBoundariesRoundTrip() {
    for (int size : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 5 * CHUNK + 3}) {
      byte[] data = Bytes.random(size, size);
      BlobInfo info = store.put(data);
      assertThat(store.getBytes(info.ref())).as("size %d", size).isEqualTo(data);
      assertThat(store.info(info.ref()).sha256()).isEqualTo(Bytes.sha256(data));
    }
  }

  /**
   * The first batch goes in with the pending row, the last with the publish (known as the last by
   * reading one chunk ahead): sizes on both sides of the batch boundaries, and a content whose last
   * batch is all zeros (no chunk row to write with the publish), come back whole, leaving no row
   * but the blob's.
   */
  @Test
  void sizesAroundStagingBatchBoundariesRoundTrip() throws Exception {
    int[] sizes = {BATCH - 1, BATCH, BATCH + 1, BATCH + CHUNK, 2 * BATCH, 2 * BATCH + 1};
    long chunks = 0;
    for (int size : sizes) {
      byte[] data = Bytes.random(size, size);
      BlobInfo info =
          store.put(new ByteArrayInputStream(data), PutOptions.at("batches", "k" + size));
      assertThat(store.getBytes(info.ref())).as("size %d", size).isEqualTo(data);
      assertThat(info.sha256()).as("size %d", size).isEqualTo(Bytes.sha256(data));
      chunks += (size + CHUNK - 1) / CHUNK;
    }
    byte[] zeroEnd = Bytes.random(2 * BATCH + CHUNK, 5);
    Arrays.fill(zeroEnd, BATCH, zeroEnd.length, (byte) 0);
    BlobInfo sparse =
        store.put(new ByteArrayInputStream(zeroEnd), PutOptions.at("batches", "zero-end"));
    assertThat(store.getBytes(sparse.ref())).isEqualTo(zeroEnd);
    chunks += BATCH / CHUNK;
    assertThat(rows("blobs")).isEqualTo(sizes.length + 1);
    assertThat(rows("chunks")).isEqualTo(chunks);
  }

  /**
   * A large upload reads later chunks into the arrays of batches already committed and of all-zero
   * chunks: content of more than three batches, read in short reads, with an all-zero chunk in
   * every five and a short last chunk, comes back byte for byte.
   */
  @Test
  void chunksReadIntoReusedArraysKeepTheirOwnBytes() {
    byte[] data = Bytes.random(3 * BATCH + 2 * CHUNK + 77, 9);
    for (int from = CHUNK; from < data.length; from += 5 * CHUNK) {
      Arrays.fill(data, from, Math.min(data.length, from + CHUNK), (byte) 0);
    }
    BlobInfo info =
        store.put(
            new StrangeInputStream(new ByteArrayInputStream(data), 11), PutOptions.defaults());
    assertThat(store.getBytes(info.ref())).isEqualTo(data);
    assertThat(info.sha256()).isEqualTo(Bytes.sha256(data));
  }

  /**
   * The commits of an upload, counted on the uploading thread over the store's real connections:
   * one for content of one batch, two for more than one batch and at most two (the first batch goes
   * in with the pending row, the last with the publish), one more per further batch; the same for a
   * staged blob; none when the stream fails as the upload reads ahead past its first batch.
   */
  @Test
  void anUploadSharesItsFirstAndLastCommitsWithItsRowAndItsPublish() throws Exception {
    InterposedDataSource db = new InterposedDataSource(fixture);
    Thread uploader = Thread.currentThread();
    AtomicInteger commits = new AtomicInteger();
    try (BlobStore counted = fixture.open(db, options())) {
      db.after(
          InterposedDataSource::isCommit,
          () -> {
            if (Thread.currentThread() == uploader) {
              commits.incrementAndGet();
            }
            return false; // stays armed: counts every commit
          });
      int[][] sizeAndCommits = {{BATCH, 1}, {BATCH + 1, 2}, {2 * BATCH, 2}, {2 * BATCH + 1, 3}};
      for (int[] expected : sizeAndCommits) {
        int size = expected[0];
        byte[] data = Bytes.random(size, size);
        commits.set(0);
        BlobInfo put =
            counted.put(
                new ByteArrayInputStream(data), PutOptions.at("commits", "k" + size).computeMd5());
        assertThat(commits.get()).as("commits of a put of %d bytes", size).isEqualTo(expected[1]);
        assertThat(counted.getBytes(put.ref())).as("put of %d bytes", size).isEqualTo(data);
        assertThat(put.md5()).as("MD5 of a put of %d bytes", size).isEqualTo(Md5Contract.md5(data));
        commits.set(0);
        BlobInfo staged =
            counted.stage(new ByteArrayInputStream(data), size, PutOptions.in("commits"));
        assertThat(commits.get()).as("commits of a stage of %d bytes", size).isEqualTo(expected[1]);
        assertThat(staged.size()).isEqualTo(size);
      }
      commits.set(0);
      assertThatThrownBy(
              () -> counted.put(new FailingInputStream(BATCH), PutOptions.at("commits", "failed")))
          .isInstanceOf(StoreException.class);
      assertThat(commits.get())
          .as("commits of a put whose stream failed at its read-ahead")
          .isZero();
    }
  }

  /**
   * A stream failing where the upload reads ahead past a full batch, before anything is written and
   * after the first batch went in with the pending row: nothing is stored either way.
   */
  @Test
  void aStreamFailingAtABatchBoundaryStoresNothing() throws Exception {
    for (long ok : new long[] {BATCH, 2L * BATCH}) {
      assertThatThrownBy(() -> store.put(new FailingInputStream(ok), PutOptions.at("b", "k")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("failed at byte " + ok)
          .hasMessageEndingWith("nothing was stored");
      assertThat(store.exists(BlobRef.key("b", "k"))).isFalse();
      assertThat(rows("blobs")).as("after %d bytes", ok).isZero();
      assertThat(rows("chunks")).as("after %d bytes", ok).isZero();
    }
  }

  @Test
  void streamOfUnknownLengthWithShortAndOneByteReadsIsStoredExactly() {
    byte[] data = Bytes.random(7 * CHUNK + 1234, 2);
    BlobInfo info =
        store.put(new StrangeInputStream(new ByteArrayInputStream(data), 3), PutOptions.defaults());
    assertThat(store.getBytes(info.ref())).isEqualTo(data);
    assertThat(info.sha256()).isEqualTo(Bytes.sha256(data));
  }

  @Test
  void zeroRunsInsideContentAreStoredSparselyAndReadBackAsZeros() throws Exception {
    byte[] data = new byte[6 * CHUNK];
    data[0] = 1;
    data[5 * CHUNK + 7] = 2;
    BlobInfo info = store.put(data);
    assertThat(store.getBytes(info.ref())).isEqualTo(data);
    assertThat(count("SELECT count(*) FROM " + fixture.table("chunks"))).isEqualTo(2);
  }

  @Test
  void fileToBlobToFile() throws IOException {
    byte[] data = Bytes.random(2 * CHUNK + 5, 4);
    Path src = Files.write(tmp.resolve("in.png"), data);
    BlobInfo info = store.put(src, PutOptions.at("drawings", "bolt.png"));
    Path target = tmp.resolve("bolt.png");
    Files.write(target, new byte[] {9, 9, 9});
    store.get(BlobRef.key("drawings", "bolt.png"), target);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsOnly("in.png", "bolt.png");
    }
    Path fresh = tmp.resolve("fresh.png");
    store.get(info.ref(), fresh);
    if (Files.getFileStore(fresh).supportsFileAttributeView("posix")) {
      // Like any new file (the umask applies), not owner-only like a temporary file.
      assertThat(Files.getPosixFilePermissions(fresh))
          .isEqualTo(Files.getPosixFilePermissions(Files.createFile(tmp.resolve("plain"))));
    }
    assertThat(info.size()).isEqualTo(data.length);
  }

  @Test
  void aBlobOfManyChunksIsWrittenIntoItsFileWholeAndInOrder() throws IOException {
    // large enough that the file is written on a thread of its own while the next chunks are read
    byte[] data = Bytes.random((1 << 20) + 3 * CHUNK + 5, 11);
    BlobInfo info = store.put(data);
    Path target = Files.write(tmp.resolve("large.bin"), new byte[] {9, 9, 9});
    assertThat(store.get(info.ref(), target).size()).isEqualTo(data.length);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsOnly("large.bin");
    }
  }

  @Test
  void aLargeAllocatedBlobWithAFewWrittenBytesIsWrittenIntoItsFileWithItsZeros()
      throws IOException {
    BlobInfo info = store.allocate((1 << 20) + 5 * CHUNK, PutOptions.defaults());
    byte[] expected = new byte[(int) info.size()];
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE)) {
      for (long at : new long[] {0, 3 * CHUNK + 17, (1 << 20) + 4 * CHUNK}) {
        ch.position(at);
        ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        System.arraycopy(new byte[] {1, 2, 3}, 0, expected, (int) at, 3);
      }
    }
    Path target = tmp.resolve("sparse.bin");
    store.get(info.ref(), target);
    assertThat(Files.readAllBytes(target)).isEqualTo(expected);
  }

  @Test
  void rangedGetReturnsExactlyTheRange() throws IOException {
    byte[] data = Bytes.random(4 * CHUNK + 100, 5);
    BlobRef ref = store.put(data).ref();
    long[][] ranges = {
      {0, 0},
      {0, 1},
      {CHUNK - 1, 2},
      {CHUNK, CHUNK},
      {17, 3 * CHUNK},
      {4 * CHUNK + 99, 1},
      {data.length, 0},
      {0, data.length}
    };
    for (long[] r : ranges) {
      byte[] expected = Arrays.copyOfRange(data, (int) r[0], (int) (r[0] + r[1]));
      assertThat(store.getBytes(ref, r[0], r[1]))
          .as("range %s", Arrays.toString(r))
          .isEqualTo(expected);
      try (InputStream in = store.openStream(ref, r[0], r[1])) {
        assertThat(in.readAllBytes()).isEqualTo(expected);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.get(ref, r[0], r[1], out);
      assertThat(out.toByteArray()).isEqualTo(expected);
    }
  }

  @Test
  void rangesOutsideTheBlobFailNamingTheValues() {
    BlobInfo info = store.put(new byte[10]);
    BlobRef ref = info.ref();
    long[][] bad = {{-1, 1}, {0, -1}, {11, 0}, {5, 6}, {Long.MAX_VALUE, Long.MAX_VALUE}};
    for (long[] r : bad) {
      assertThatThrownBy(() -> store.getBytes(ref, r[0], r[1]))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage(
              "range offset %d length %d is outside blob %s of size 10", r[0], r[1], info.id());
    }
  }

  @Test
  void getBytesRefusesBlobsLargerThanAnArray() {
    BlobInfo big = store.allocate(3L << 30, PutOptions.defaults());
    assertThatThrownBy(() -> store.getBytes(big.ref()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(
            "blob " + big.id() + " range of 3221225472 bytes is larger than an array can hold");
  }

  @Test
  void streamReadsChunksLazilyAndNoticesDeletion() throws IOException {
    byte[] data = Bytes.random(4 * CHUNK, 6);
    BlobInfo info = store.put(data);
    try (InputStream in = store.openStream(info.ref())) {
      byte[] first = in.readNBytes(CHUNK);
      assertThat(first).isEqualTo(Arrays.copyOf(data, CHUNK));
      store.delete(info.ref());
      assertThatThrownBy(() -> in.readNBytes(CHUNK))
          .isInstanceOf(IOException.class)
          .hasCauseInstanceOf(BlobExpiredException.class)
          .hasMessageContaining("blob " + info.id() + " ");
    }
  }

  @Test
  void putToATakenKeyReplacesAtomically() throws IOException {
    byte[] old = Bytes.random(3 * CHUNK, 7);
    byte[] neu = Bytes.random(2 * CHUNK + 1, 8);
    BlobInfo first = store.put(old, PutOptions.at("b", "k"));
    InputStream reader = store.openStream(first.ref());
    byte[] head = reader.readNBytes(10);
    BlobInfo second = store.put(neu, PutOptions.at("b", "k"));

    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(store.getBytes(BlobRef.key("b", "k"))).isEqualTo(neu);
    assertThat(store.exists(first.ref())).isFalse();
    assertThat(head).isEqualTo(Arrays.copyOf(old, 10));
    // A reader of the old blob never gets new bytes: it fails at its next chunk.
    assertThatThrownBy(() -> reader.readNBytes(3 * CHUNK))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("blob " + first.id());
    assertThat(store.list(Query.bucket("b")).items())
        .extracting(BlobInfo::id)
        .containsExactly(second.id());
  }

  @Test
  void ifAbsentRefusesATakenKeyAndChangesNothing() throws Exception {
    byte[] old = Bytes.random(100, 9);
    BlobInfo first = store.put(old, PutOptions.at("b", "k"));
    long chunksBefore = rows("chunks");
    assertThatThrownBy(() -> store.put(new byte[] {1}, PutOptions.at("b", "k").ifAbsent()))
        .isInstanceOf(BlobExistsException.class)
        .hasMessage("blob b/k already exists (id " + first.id() + ")");
    assertThat(store.getBytes(BlobRef.key("b", "k"))).isEqualTo(old);
    assertThat(rows("blobs")).isEqualTo(1);
    assertThat(rows("chunks")).isEqualTo(chunksBefore);
    assertThat(store.put(new byte[] {2}, PutOptions.at("b", "other").ifAbsent()).size())
        .isEqualTo(1);
  }

  @Test
  void unknownIdsAndKeysAreNotFound() {
    String id = "01890000-0000-7000-8000-000000000000";
    assertThatThrownBy(() -> store.getBytes(BlobRef.id(id)))
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessage("no blob with id " + id);
    assertThatThrownBy(() -> store.info(BlobRef.key("b", "nope")))
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessage("no blob b/nope");
    assertThatThrownBy(() -> store.delete(BlobRef.key("b", "nope")))
        .isInstanceOf(BlobNotFoundException.class);
    assertThat(store.exists(BlobRef.id(id))).isFalse();
  }

  @Test
  void badNamesAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> PutOptions.in("")).hasMessage("bucket name is empty");
    assertThatThrownBy(() -> PutOptions.in("a/b"))
        .hasMessage(
            "bucket name 'a/b' has character U+002F at index 1 (allowed: letters, digits, '.', '_', '-')");
    assertThatThrownBy(() -> PutOptions.in("x".repeat(129)))
        .hasMessageStartingWith("bucket name is 129 characters, longer than 128");
    assertThatThrownBy(() -> PutOptions.at("b", "")).hasMessage("key is empty");
    assertThatThrownBy(() -> PutOptions.at("b", "a\0b"))
        .hasMessage("key 'a\\0b' has control character U+0000 at index 1");
    assertThatThrownBy(() -> PutOptions.at("b", "k".repeat(1025)))
        .hasMessageStartingWith("key is 1025 bytes of UTF-8, longer than 1024");
    assertThatThrownBy(() -> PutOptions.at("b", "bad\uD800"))
        .hasMessageContaining("unpaired surrogate at index 3");
    assertThatThrownBy(() -> BlobRef.parse("nokey"))
        .hasMessage("blob reference 'nokey' is neither an id nor BUCKET/KEY");
    assertThatThrownBy(() -> BlobRef.id("123")).hasMessage("id '123' is not a UUID");
    assertThatThrownBy(() -> PutOptions.defaults().contentType("nonsense"))
        .hasMessage("content type 'nonsense' is not of the form type/subtype");
    // Keys are names, not paths: '/', '..' and non-ASCII are ordinary.
    BlobInfo info = store.put(new byte[] {1}, PutOptions.at("b", "../../etc/passwd ünï/…"));
    assertThat(store.info(BlobRef.parse("b/../../etc/passwd ünï/…")).id()).isEqualTo(info.id());
  }

  @Test
  void aFailingInputStoresNothing() throws Exception {
    assertThatThrownBy(
            () -> store.put(new FailingInputStream(3L * CHUNK + 5), PutOptions.at("b", "k")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("failed at byte " + (3L * CHUNK + 5))
        .hasMessageEndingWith("nothing was stored");
    assertThat(store.exists(BlobRef.key("b", "k"))).isFalse();
    assertThat(rows("blobs")).isZero();
    assertThat(rows("chunks")).isZero();
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = tmp.resolve("missing.bin");
    assertThatThrownBy(() -> store.put(missing, PutOptions.defaults()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("file " + missing + " does not exist");
  }

  @Test
  void deleteRemovesTheBlobAndItsChunks() throws Exception {
    BlobInfo keep = store.put(Bytes.random(2 * CHUNK, 10));
    BlobInfo gone = store.put(Bytes.random(3 * CHUNK, 11), PutOptions.at("b", "k"));
    store.delete(BlobRef.key("b", "k"));
    assertThat(store.exists(gone.ref())).isFalse();
    assertThat(rows("blobs")).isEqualTo(1);
    assertThat(rows("chunks")).isEqualTo(2);
    assertThat(store.getBytes(keep.ref())).hasSize(2 * CHUNK);
    assertThatThrownBy(() -> store.delete(gone.ref())).isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void aClosedStoreRefusesEveryCall() {
    BlobInfo info = store.put(new byte[] {1});
    store.close();
    store.close(); // idempotent
    assertThatThrownBy(() -> store.getBytes(info.ref()))
        .isInstanceOf(BlobkeepException.class)
        .hasMessage("store " + store.location() + " is closed");
    assertThatThrownBy(() -> store.put(new byte[] {1})).hasMessageEndingWith("is closed");
    assertThatThrownBy(() -> store.list(Query.all())).hasMessageEndingWith("is closed");
    store = fixture.open(options());
    assertThat(store.getBytes(info.ref())).containsExactly(1);
  }

  @Test
  void aStoreFromANewerVersionIsRefusedAndLeftAlone() throws Exception {
    store.put(new byte[] {1, 2});
    store.close();
    sql("UPDATE " + fixture.table("settings") + " SET value = '99' WHERE name = 'schema_version'");
    assertThatThrownBy(() -> fixture.open(options()))
        .isInstanceOf(dev.blobkeep.StoreFormatException.class)
        .hasMessageContaining("has schema version 99, made by a newer blobkeep")
        .hasMessageContaining("reads up to version 6");
    assertThat(count("SELECT count(*) FROM " + fixture.table("blobs"))).isEqualTo(1);
    sql("UPDATE " + fixture.table("settings") + " SET value = '6' WHERE name = 'schema_version'");
    store = fixture.open(options());
    assertThat(store.list(Query.all()).items()).hasSize(1);
  }
}
