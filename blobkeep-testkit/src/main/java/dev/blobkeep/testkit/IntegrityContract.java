package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobCorruptException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.GcReport;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.VerifyReport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** CRC32C on every read, verification, and removal of what interrupted work left. */
public abstract class IntegrityContract extends ContractBase {

  @Test
  void aCorruptChunkFailsEveryReadNamingBlobAndChunk() throws Exception {
    BlobInfo info = store.put(Bytes.random(3 * CHUNK, 1));
    corruptChunk(info.id(), 1);
    String message = "blob " + info.id() + " chunk 1 is corrupt: CRC32C is ";
    assertThatThrownBy(() -> store.getBytes(info.ref()))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessageStartingWith(message);
    assertThat(store.getBytes(info.ref(), 0, CHUNK)).hasSize(CHUNK); // chunk 0 is fine
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE)) {
      ch.position(CHUNK + 5);
      assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(10)))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(message);
      // A partial write must read the chunk to merge into it: refused, nothing written.
      assertThatThrownBy(() -> ch.write(new byte[] {1})).hasMessageStartingWith(message);
    }
  }

  @Test
  void aSmallBlobIsKeptInItsRowAndItsCorruptionFailsEveryReadAndVerify() throws Exception {
    byte[] content = Bytes.random(CHUNK / 2, 9);
    BlobInfo info = store.put(content);
    StoredChunks stored = new StoredChunks(fixture);
    assertThat(stored.inline(info.id())).isEqualTo(content);
    assertThat(stored.count(info.id())).isZero();
    assertThat(store.getBytes(info.ref())).isEqualTo(content);

    byte[] changed = content.clone();
    changed[changed.length / 2] ^= 0x5a;
    stored.rewriteInline(info.id(), changed);
    String message = "blob " + info.id() + " chunk 0 is corrupt: CRC32C is ";
    assertThatThrownBy(() -> store.getBytes(info.ref()))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessageStartingWith(message);
    assertThatThrownBy(() -> store.getBytes(info.ref(), 1, 10))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessageStartingWith(message);
    assertThatThrownBy(() -> store.openStream(info.ref()).readAllBytes())
        .hasMessageStartingWith(message);
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ)) {
      assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(10)))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(message);
    }
    assertThat(store.verify(info.ref()).problems())
        .extracting(p -> p.chunk() + ":" + p.blobId())
        .startsWith("0:" + info.id());
  }

  @Test
  void aKeyedBlobsCorruptChunkIsNamedWithItsKeyByIdAndByKey() throws Exception {
    BlobInfo large = store.put(Bytes.random(3 * CHUNK, 31), PutOptions.at("b", "large"));
    BlobInfo small = store.put(Bytes.random(CHUNK / 2, 32), PutOptions.at("b", "small"));
    corruptChunk(large.id(), 1);
    byte[] changed = store.getBytes(small.ref());
    changed[0] ^= 0x5a;
    new StoredChunks(fixture).rewriteInline(small.id(), changed);
    // A read by id does not read bucket and key; the message looks them up.
    for (BlobRef ref : List.of(large.ref(), BlobRef.key("b", "large"))) {
      String message = "blob " + large.id() + " (b/large) chunk 1 is corrupt: CRC32C is ";
      assertWholeReadsFail(ref, message);
      assertThatThrownBy(() -> store.openStream(ref).readAllBytes())
          .hasMessageStartingWith(message);
    }
    for (BlobRef ref : List.of(small.ref(), BlobRef.key("b", "small"))) {
      assertWholeReadsFail(ref, "blob " + small.id() + " (b/small) chunk 0 is corrupt: CRC32C is ");
    }
  }

  /**
   * After a run of reads of inline blobs a store may read a blob's row alone, without the chunks
   * table ({@code Dialect#triesRowAloneFirst}, MariaDB and PostgreSQL): every kind of blob read
   * then still comes back whole, or not found, or corrupt with the same message as on a first read.
   * The reads go through a data source that counts the row-alone statements, so that the test fails
   * if they never run where the dialect tries them (or run where it does not).
   */
  @Test
  void readsAfterARunOfInlineReadsAreWholeAndChecked() throws Exception {
    byte[] small = Bytes.random(CHUNK / 2, 41);
    BlobInfo inline = store.put(small);
    byte[] one = Bytes.random(CHUNK, 42); // one chunk, too large to be inline
    BlobInfo oneChunk = store.put(one);
    byte[] three = Bytes.random(3 * CHUNK - 5, 43);
    BlobInfo threeChunks = store.put(three, PutOptions.at("b", "three"));
    BlobInfo empty = store.put(new byte[0]);
    BlobInfo gone = store.put(Bytes.random(100, 44));
    store.delete(gone.ref());
    byte[] stagedContent = Bytes.random(100, 45);
    BlobInfo staged =
        store.stage(
            new java.io.ByteArrayInputStream(stagedContent),
            stagedContent.length,
            PutOptions.defaults());
    byte[] keyedContent = Bytes.random(CHUNK / 4, 46);
    BlobInfo keyed = store.put(keyedContent, PutOptions.at("b", "small"));
    AtomicInteger rowAlone = new AtomicInteger();
    try (BlobStore reader = countingRowAlone(rowAlone)) {
      for (int round = 0; round < 2; round++) {
        readInlineRun(reader, inline, small);
        assertThat(reader.getBytes(oneChunk.ref())).isEqualTo(one);
        readInlineRun(reader, inline, small);
        assertThat(reader.getBytes(threeChunks.ref())).isEqualTo(three);
        readInlineRun(reader, inline, small);
        assertThat(reader.getBytes(BlobRef.key("b", "three"))).isEqualTo(three);
        readInlineRun(reader, inline, small);
        try (var in = reader.openStream(oneChunk.ref())) {
          assertThat(in.readAllBytes()).isEqualTo(one);
        }
        readInlineRun(reader, inline, small);
        assertThat(reader.getBytes(empty.ref())).isEmpty();
        for (BlobRef absent : List.of(gone.ref(), staged.ref(), BlobRef.key("b", "none"))) {
          readInlineRun(reader, inline, small);
          assertThatThrownBy(() -> reader.getBytes(absent))
              .isInstanceOf(dev.blobkeep.BlobNotFoundException.class);
        }
      }
      readInlineRun(reader, inline, small);
      assertThat(reader.getBytes(BlobRef.key("b", "small"))).isEqualTo(keyedContent);
      readInlineRun(reader, inline, small);
      byte[] changed = reader.getBytes(keyed.ref());
      assertThat(changed).isEqualTo(keyedContent);
      changed[0] ^= 0x5a;
      new StoredChunks(fixture).rewriteInline(keyed.id(), changed);
      corruptChunk(oneChunk.id(), 0);
      for (BlobRef ref : List.of(keyed.ref(), BlobRef.key("b", "small"))) {
        readInlineRun(reader, inline, small);
        assertThatThrownBy(() -> reader.getBytes(ref))
            .isInstanceOf(BlobCorruptException.class)
            .hasMessageStartingWith(
                "blob " + keyed.id() + " (b/small) chunk 0 is corrupt: CRC32C is ");
      }
      readInlineRun(reader, inline, small);
      assertThatThrownBy(() -> reader.getBytes(oneChunk.ref()))
          .isInstanceOf(BlobCorruptException.class)
          .hasMessageStartingWith("blob " + oneChunk.id() + " chunk 0 is corrupt: CRC32C is ");
    }
    if (dialect().triesRowAloneFirst()) {
      // 21 runs of 24 inline reads: each reads at least its last 8 by the row alone (the store
      // tries it after 16 inline reads in a row, a count that a blob with a chunk row restarts)
      assertThat(rowAlone.get()).as("row-alone statements run").isGreaterThanOrEqualTo(21 * 8);
    } else {
      assertThat(rowAlone.get()).as("row-alone statements run").isZero();
    }
  }

  /**
   * A small blob whose content is not in its row (allocated: no chunk stored) is read with the
   * chunks table after the row alone missed it; where the dialect tries the row alone, each miss
   * doubles the run of reads before the next try, so that a store of such blobs (stored before
   * schema 5, or written in place) does not pay a second statement every 16 reads.
   */
  @Test
  void theRowAloneIsTriedLessOftenAfterItMissedSmallBlobsNotInTheirRow() throws Exception {
    BlobInfo allocated = store.allocate(CHUNK / 2, PutOptions.defaults());
    AtomicInteger rowAlone = new AtomicInteger();
    try (BlobStore reader = countingRowAlone(rowAlone)) {
      for (int i = 0; i < 250; i++) {
        assertThat(reader.getBytes(allocated.ref())).isEqualTo(new byte[CHUNK / 2]);
      }
    }
    if (dialect().triesRowAloneFirst()) {
      // tried after runs of 16, 32, 64 and 128 reads: 4 misses in 250 reads (15 if each miss
      // started the count again at 16)
      assertThat(rowAlone.get()).as("row-alone statements missing the allocated blob").isEqualTo(4);
    } else {
      assertThat(rowAlone.get()).as("row-alone statements run").isZero();
    }
  }

  /**
   * A store over the fixture's database that counts in {@code rowAlone} the row-alone statements it
   * runs: they name the inline column as the data, where the others coalesce it.
   */
  private BlobStore countingRowAlone(AtomicInteger rowAlone) {
    InterposedDataSource db = new InterposedDataSource(fixture);
    db.after(
        sql -> sql.contains("inline_data AS data"),
        () -> {
          rowAlone.incrementAndGet();
          return false; // stays armed: counts every one
        });
    return fixture.open(db, options());
  }

  /** Reads {@code info} whole 24 times: more than a run after which the row alone is tried. */
  private static void readInlineRun(BlobStore reader, BlobInfo info, byte[] content) {
    for (int i = 0; i < 24; i++) {
      assertThat(reader.getBytes(info.ref())).isEqualTo(content);
    }
  }

  /** getBytes and get of {@code ref} both fail as corrupt, with a message starting so. */
  private void assertWholeReadsFail(BlobRef ref, String message) {
    assertThatThrownBy(() -> store.getBytes(ref))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessageStartingWith(message);
    assertThatThrownBy(() -> store.get(ref, OutputStream.nullOutputStream()))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void writingInPlaceIntoASmallBlobMovesItToTheChunksTable() throws Exception {
    byte[] content = Bytes.random(CHUNK / 2, 10);
    BlobInfo info = store.put(content);
    StoredChunks stored = new StoredChunks(fixture);
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE)) {
      ch.position(5);
      ch.write(new byte[] {1, 2, 3});
    }
    content[5] = 1;
    content[6] = 2;
    content[7] = 3;
    assertThat(stored.inline(info.id())).isNull();
    assertThat(stored.data(info.id(), 0)).isEqualTo(content);
    assertThat(store.getBytes(info.ref())).isEqualTo(content);
    assertThat(store.verify(info.ref()).ok()).isTrue();
  }

  @Test
  void verifyReportsEveryProblem() throws Exception {
    BlobInfo good = store.put(Bytes.random(2 * CHUNK, 2));
    BlobInfo bad = store.put(Bytes.random(4 * CHUNK, 3));
    corruptChunk(bad.id(), 0);
    corruptChunk(bad.id(), 3);

    VerifyReport one = store.verify(good.ref());
    assertThat(one.ok()).isTrue();
    assertThat(one.bytesChecked()).isEqualTo(2 * CHUNK);

    VerifyReport all = store.verifyAll();
    assertThat(all.blobsChecked()).isEqualTo(2);
    assertThat(all.problems())
        .extracting(p -> p.chunk() + ":" + p.blobId())
        .containsExactly("0:" + bad.id(), "3:" + bad.id(), "-1:" + bad.id());
    assertThat(all.problems().get(2).message()).startsWith("blob " + bad.id() + " SHA-256 is ");
  }

  @Test
  void aChangedChunkWithAMatchingCrcIsCaughtByTheSha256() throws Exception {
    BlobInfo info = store.put(Bytes.random(2 * CHUNK, 4));
    byte[] changed = Bytes.random(CHUNK, 5);
    new StoredChunks(fixture)
        .rewrite(info.id(), 1, changed, StoredChunks.crc(info.id(), 1, changed));
    // The CRC matches the new bytes, so reads return them; only the whole-blob SHA-256 knows.
    assertThat(Arrays.copyOfRange(store.getBytes(info.ref()), CHUNK, 2 * CHUNK)).isEqualTo(changed);
    VerifyReport report = store.verify(info.ref());
    assertThat(report.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.chunk()).isEqualTo(-1))
        .satisfies(p -> assertThat(p.message()).startsWith("blob " + info.id() + " SHA-256 is "));
  }

  @Test
  void gcRemovesUploadsOfDeadOwnersAndLeavesLiveOnes() throws Exception {
    String dead = "01890000-0000-7000-8000-00000000dead";
    String live = "01890000-0000-7000-8000-0000000011fe";
    insertPending(dead, "00000000-0000-7000-8000-000000000000");
    insertPending(live, ownerOf(store));
    GcReport report = store.gc();
    assertThat(report.abandonedUploads()).isEqualTo(1);
    assertThat(report.chunks()).isEqualTo(1);
    assertThat(
            count("SELECT count(*) FROM " + fixture.table("blobs") + " WHERE id = '" + live + "'"))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM "
                    + fixture.table("chunks")
                    + " WHERE blob_id = '"
                    + dead
                    + "'"))
        .isZero();
    // Another store on the same database must also see this store's upload as alive.
    try (BlobStore other = fixture.open(options())) {
      assertThat(other.gc().abandonedUploads()).isZero();
    }
    String owner = ownerOf(store);
    store.close();
    store = fixture.open(options()); // the old owner is gone: opening collects its upload
    assertThat(
            count("SELECT count(*) FROM " + fixture.table("blobs") + " WHERE id = '" + live + "'"))
        .isZero();
    assertThat(owner).isNotEmpty();
    assertThat(store.list(Query.all()).items()).isEmpty();
  }

  /**
   * The owner id of a store, read from the pending row of an upload it is making: content larger
   * than one staging batch is staged under a pending row before the rest is read.
   */
  private String ownerOf(BlobStore s) throws Exception {
    String[] owner = new String[1];
    long size = 5L << 20;
    java.io.InputStream slow =
        new java.io.InputStream() {
          long pos;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= size) {
              return -1;
            }
            if (pos > (4L << 20) && owner[0] == null) {
              try {
                owner[0] =
                    stringQuery(
                        "SELECT owner FROM "
                            + fixture.table("blobs")
                            + " WHERE state = 'pending' AND owner <>"
                            + " '00000000-0000-7000-8000-000000000000'");
              } catch (Exception e) {
                throw new IOException(e);
              }
            }
            int n = (int) Math.min(len, size - pos);
            java.util.Arrays.fill(b, off, off + n, (byte) 7);
            pos += n;
            return n;
          }
        };
    BlobInfo probe = s.put(slow, PutOptions.defaults());
    s.delete(probe.ref());
    assertThat(owner[0]).as("owner of a pending upload").isNotNull();
    return owner[0];
  }

  private String stringQuery(String q) throws Exception {
    try (var c = fixture.connect();
        var st = c.createStatement();
        var rs = st.executeQuery(q)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private void insertPending(String id, String owner) throws Exception {
    long now = System.currentTimeMillis();
    sql(
        "INSERT INTO "
            + fixture.table("blobs")
            + " (id, bucket, size, chunk_size, sha256, content_type, created, updated, state,"
            + " version, owner, meta) VALUES ('"
            + id
            + "', 'default', 0, "
            + CHUNK
            + ", NULL, 'application/octet-stream', "
            + now
            + ", "
            + now
            + ", 'pending', 0, '"
            + owner
            + "', '{}')");
    try (var c = fixture.connect();
        var ps =
            c.prepareStatement(
                "INSERT INTO "
                    + fixture.table("chunks")
                    + " (blob_id, idx, crc, data) VALUES ('"
                    + id
                    + "', 0, 0, ?)")) {
      ps.setBytes(1, new byte[] {0});
      ps.executeUpdate();
    }
  }

  /** Flips one byte of a stored chunk, keeping its CRC. */
  protected void corruptChunk(String blobId, long idx) throws Exception {
    byte[] data;
    String where = " WHERE blob_id = '" + blobId + "' AND idx = " + idx;
    try (var c = fixture.connect();
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT data FROM " + fixture.table("chunks") + where)) {
      rs.next();
      data = rs.getBytes(1);
    }
    data[data.length / 2] ^= 0x5a;
    try (var c = fixture.connect();
        var ps =
            c.prepareStatement("UPDATE " + fixture.table("chunks") + " SET data = ?" + where)) {
      ps.setBytes(1, data);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }
}
