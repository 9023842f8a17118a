package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobCorruptException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.VerifyReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A chunk the store holds data for never reads back as zeros: a missing row, a row moved to another
 * index or blob, or a row where none should be, fails every read path and {@code verify}, naming
 * blob and chunk. Allocation stays sparse, and verify recomputes a stale SHA-256.
 */
public abstract class LostChunkContract extends ContractBase {
  private static final byte[] HELLO = "hello world".getBytes(StandardCharsets.US_ASCII);

  private StoredChunks chunks() {
    return new StoredChunks(fixture);
  }

  @Test
  void aDeletedChunkOfAnAllocatedBlobFailsEveryReadAndVerifyInsteadOfReadingZeros()
      throws Exception {
    BlobInfo info = store.allocate(1 << 20, PutOptions.at("photos", "big.raw"));
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE)) {
      ch.position(300_000);
      ch.write(HELLO);
    }
    long idx = 300_000 / CHUNK;
    sql("DELETE FROM " + fixture.table("chunks"));
    String message =
        "blob " + info.id() + " (photos/big.raw) chunk " + idx + " is missing: the chunk map says";

    assertThatThrownBy(() -> store.getBytes(info.ref()))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessageStartingWith(message);
    assertThatThrownBy(() -> store.getBytes(info.ref(), 300_000, HELLO.length))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessageStartingWith(message);
    assertThatThrownBy(() -> store.get(info.ref(), new ByteArrayOutputStream()))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessageStartingWith(message);
    Path target = Files.createTempDirectory("blobkeep-lost").resolve("out");
    assertThatThrownBy(() -> store.get(info.ref(), target))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessageStartingWith(message);
    assertThat(target).doesNotExist();
    assertThat(target.getParent()).isEmptyDirectory(); // nor its temporary file
    try (InputStream in = store.openStream(info.ref())) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(IOException.class)
          .hasCauseInstanceOf(BlobCorruptException.class)
          .hasMessageStartingWith(message);
    }
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE)) {
      ch.position(300_000);
      assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(HELLO.length)))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(message);
      // A partial write reads the chunk to merge into it: refused, nothing written.
      assertThatThrownBy(() -> ch.write(new byte[] {1})).hasMessageStartingWith(message);
    }
    assertThat(rows("chunks")).isZero();

    VerifyReport report = store.verify(info.ref());
    assertThat(report.ok()).isFalse();
    assertThat(report.problems())
        .anySatisfy(
            p -> {
              assertThat(p.chunk()).isEqualTo(idx);
              assertThat(p.message()).startsWith(message);
            });
    assertThat(store.verifyAll().problems()).isEqualTo(report.problems());
  }

  @Test
  void aChunkRowMovedToAnotherIndexFailsItsCheck() throws Exception {
    byte[] content = Bytes.random(3 * CHUNK, 21);
    BlobInfo info = store.put(content);
    StoredChunks rows = chunks();
    rows.rewrite(info.id(), 1, rows.data(info.id(), 0), rows.crc(info.id(), 0));

    String message = "blob " + info.id() + " chunk 1 is corrupt: CRC32C is ";
    assertThatThrownBy(() -> store.getBytes(info.ref()))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessageStartingWith(message);
    assertThat(store.verify(info.ref()).problems())
        .extracting(VerifyReport.Problem::chunk)
        .contains(1L);
  }

  @Test
  void aChunkRowMovedToAnotherBlobFailsItsCheck() throws Exception {
    BlobInfo from = store.put(Bytes.random(CHUNK, 22));
    BlobInfo to = store.put(Bytes.random(CHUNK, 23), PutOptions.at("b", "k"));
    StoredChunks rows = chunks();
    rows.rewrite(to.id(), 0, rows.data(from.id(), 0), rows.crc(from.id(), 0));

    assertThatThrownBy(() -> store.getBytes(to.ref()))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessageStartingWith("blob " + to.id() + " (b/k) chunk 0 is corrupt: CRC32C is ");
    assertThat(store.verifyAll().problems())
        .extracting(p -> p.blobId() + ":" + p.chunk())
        .contains(to.id() + ":0");
  }

  @Test
  void aChunkRowWhereTheChunkMapSaysNoneFailsReadsAndVerify() throws Exception {
    BlobInfo info = store.allocate(3 * CHUNK, PutOptions.defaults());
    byte[] stray = Bytes.random(CHUNK, 24);
    chunks().insert(info.id(), 2, stray, StoredChunks.crc(info.id(), 2, stray));

    String message = "blob " + info.id() + " chunk 2 is corrupt: a row is stored where";
    assertThatThrownBy(() -> store.getBytes(info.ref()))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessageStartingWith(message);
    assertThat(store.verify(info.ref()).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith(message));
  }

  @Test
  void verifyRecomputesAStaleSha256AndSaysSo() throws Exception {
    BlobInfo info = store.allocate(3 * CHUNK, PutOptions.at("docs", "draft"));
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE)) {
      ch.position(CHUNK + 10);
      ch.write(HELLO);
    }
    byte[] expected = new byte[3 * CHUNK];
    System.arraycopy(HELLO, 0, expected, CHUNK + 10, HELLO.length);
    String sha = Bytes.sha256(expected);
    assertThat(storedSha(info.id())).isNull();

    VerifyReport report = store.verify(info.ref());

    assertThat(report.ok()).isTrue();
    assertThat(report.notes())
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.message())
                    .isEqualTo(
                        "blob "
                            + info.id()
                            + " (docs/draft) sha256 recomputed (it was stale): "
                            + sha
                            + ", recorded"));
    assertThat(storedSha(info.id())).isEqualTo(sha);
    assertThat(store.verify(info.ref()).notes()).isEmpty();
  }

  @Test
  void verifyFindsAChangedChunkOfABlobWhoseSha256WasStale() throws Exception {
    BlobInfo info = store.allocate(2 * CHUNK, PutOptions.defaults());
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE)) {
      ch.position(5);
      ch.write(HELLO);
    }
    sql("DELETE FROM " + fixture.table("chunks"));
    VerifyReport report = store.verify(info.ref());
    assertThat(report.problems()).extracting(VerifyReport.Problem::chunk).containsExactly(0L);
    assertThat(report.notes())
        .singleElement()
        .satisfies(n -> assertThat(n.message()).endsWith("not recorded: the blob has problems"));
    assertThat(storedSha(info.id())).isNull();
  }

  @Test
  void allocatingATebibyteIsInstantAndStoresNoChunks() throws Exception {
    long size = 1L << 40;
    BlobInfo info = store.allocate(size, PutOptions.defaults());
    assertThat(rows("chunks")).isZero();
    assertThat(
            count(
                "SELECT length(chunk_map) FROM "
                    + fixture.table("blobs")
                    + " WHERE id = '"
                    + info.id()
                    + "'"))
        .isLessThanOrEqualTo(1);
    assertThat(store.getBytes(info.ref(), size - 100, 100)).isEqualTo(new byte[100]);
    assertThat(info.size()).isEqualTo(size);
  }

  @Test
  void zeroChunksOfAnUploadTakeNoSpaceAndReadBackAsZeros() throws Exception {
    byte[] content = Bytes.random(4 * CHUNK + 7, 25);
    Arrays.fill(content, CHUNK, 3 * CHUNK, (byte) 0);
    BlobInfo info = store.put(content);
    assertThat(chunks().count(info.id())).isEqualTo(3);
    assertThat(store.getBytes(info.ref())).isEqualTo(content);
    assertThat(store.verify(info.ref()).ok()).isTrue();

    BlobInfo zeros = store.put(new byte[3 * CHUNK]);
    assertThat(chunks().count(zeros.id())).isZero();
    assertThat(store.getBytes(zeros.ref())).isEqualTo(new byte[3 * CHUNK]);
    assertThat(store.verify(zeros.ref()).ok()).isTrue();
  }

  @Test
  void writingZerosOverAChunkRemovesItAndResizingKeepsTheMapInStep() throws Exception {
    byte[] content = Bytes.random(3 * CHUNK, 26);
    BlobInfo info = store.put(content);
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE)) {
      ch.position(CHUNK);
      ch.write(new byte[CHUNK]);
      Arrays.fill(content, CHUNK, 2 * CHUNK, (byte) 0);
      ch.resize(5 * CHUNK); // two more chunks, not stored
      ch.resize(2 * CHUNK + 9); // cuts the last stored chunk
    }
    assertThat(chunks().count(info.id())).isEqualTo(2);
    byte[] expected = Arrays.copyOf(content, 2 * CHUNK + 9);
    assertThat(store.getBytes(info.ref())).isEqualTo(expected);
    assertThat(store.verify(info.ref()).ok()).isTrue();

    sql("DELETE FROM " + fixture.table("chunks") + " WHERE idx = 2");
    assertThatThrownBy(() -> store.getBytes(info.ref()))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessageStartingWith("blob " + info.id() + " chunk 2 is missing");
  }

  private String storedSha(String id) throws Exception {
    try (var c = fixture.connect();
        var st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT sha256 FROM " + fixture.table("blobs") + " WHERE id = '" + id + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
