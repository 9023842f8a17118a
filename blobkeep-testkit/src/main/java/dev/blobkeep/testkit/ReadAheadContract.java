package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobCorruptException;
import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole reads ({@code get}, {@code getBytes}) of a dialect that reads ahead ({@code
 * Dialect.readAheadBytes}): a run of {@code k} chunks per statement. Blobs of exactly {@code k}
 * chunks and of {@code k + 1}, with and without the first chunk read with the blob's row, ranges
 * across two runs, sparse blobs whose chunk map spans runs, a corrupt chunk inside a run, and a
 * blob replaced or written in place between two runs (forced with an {@link InterposedDataSource}),
 * which fails the read after serving only bytes of the old version, never a mix.
 */
public abstract class ReadAheadContract extends ContractBase {
  /** Chunks one read-ahead statement fetches at most with this test's chunk size. */
  private int k;

  @BeforeEach
  void runLength() {
    k = Math.max(1, dialect().readAheadBytes() / CHUNK);
    assumeThat(k).as("the dialect reads ahead").isGreaterThan(1);
  }

  /** True for the statement that reads a run of chunks. */
  private static boolean isRun(String sql) {
    return sql.contains("c.idx >= ? AND c.idx < ?");
  }

  private static byte[] content(long size, int seed) {
    return Bytes.random((int) size, seed);
  }

  private void assertEveryPathReads(BlobInfo info, byte[] expected) throws IOException {
    assertThat(store.getBytes(info.ref())).isEqualTo(expected);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(store.get(info.ref(), out)).isEqualTo(expected.length);
    assertThat(out.toByteArray()).isEqualTo(expected);
    try (InputStream in = store.openStream(info.ref())) {
      assertThat(in.readAllBytes()).isEqualTo(expected);
    }
    // a caller's stream reads chunk by chunk; odd-sized reads end mid-chunk
    try (InputStream in = store.openStream(info.ref())) {
      ByteArrayOutputStream odd = new ByteArrayOutputStream();
      byte[] buf = new byte[CHUNK + 7];
      for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) {
        odd.write(buf, 0, n);
      }
      assertThat(odd.toByteArray()).isEqualTo(expected);
    }
  }

  @Test
  void aBlobOfExactlyOneRunReadsBackOnEveryPath() throws Exception {
    byte[] bytes = content((long) k * CHUNK, 1);
    BlobInfo info = store.put(bytes, PutOptions.defaults());
    assertEveryPathReads(info, bytes);
  }

  @Test
  void aBlobOfOneRunAndOneChunkMoreReadsBackOnEveryPath() throws Exception {
    byte[] bytes = content((long) k * CHUNK + 1, 2);
    BlobInfo info = store.put(bytes, PutOptions.defaults());
    assertEveryPathReads(info, bytes);
    byte[] bytes2 = content((long) (k + 1) * CHUNK, 3);
    BlobInfo info2 = store.put(bytes2, PutOptions.defaults());
    assertEveryPathReads(info2, bytes2);
  }

  @Test
  void rangesAcrossRunsReadTheirBytesOnly() throws Exception {
    byte[] bytes = content(2L * k * CHUNK + 100, 4);
    BlobInfo info = store.put(bytes, PutOptions.defaults());
    long[][] ranges = {
      {0, 1},
      {(long) k * CHUNK - 3, 6},
      {CHUNK - 1, (long) k * CHUNK},
      {(long) k * CHUNK, (long) k * CHUNK + 100},
      {bytes.length - 1, 1},
      {5, bytes.length - 10}
    };
    for (long[] r : ranges) {
      byte[] want = Arrays.copyOfRange(bytes, (int) r[0], (int) (r[0] + r[1]));
      assertThat(store.getBytes(info.ref(), r[0], r[1])).as("range %s", r).isEqualTo(want);
      try (InputStream in = store.openStream(info.ref(), r[0], r[1])) {
        assertThat(in.readAllBytes()).as("stream range %s", r).isEqualTo(want);
      }
    }
  }

  @Test
  void aSparseBlobReadsZerosAndItsStoredChunksAcrossRuns() throws Exception {
    long size = 3L * k * CHUNK;
    BlobInfo info = store.allocate(size, PutOptions.defaults());
    byte[] expected = new byte[(int) size];
    // chunks at the start and end of runs, and one past the map's first bytes
    long[] at = {0, (long) (k - 1) * CHUNK, (long) k * CHUNK, (2L * k + 9) * CHUNK + 5};
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE)) {
      for (int i = 0; i < at.length; i++) {
        byte[] b = content(100, 10 + i);
        ch.position(at[i]);
        ch.write(b);
        System.arraycopy(b, 0, expected, (int) at[i], b.length);
      }
    }
    assertEveryPathReads(info, expected);
  }

  @Test
  void aCorruptChunkInsideARunFailsAfterServingOnlyTheChunksBeforeIt() throws Exception {
    byte[] bytes = content(2L * k * CHUNK, 5);
    BlobInfo info = store.put(bytes, PutOptions.defaults());
    long bad = k + 2;
    sql(
        "UPDATE "
            + fixture.table("chunks")
            + " SET crc = crc + 1 WHERE idx = "
            + bad
            + " AND blob_id = (SELECT id FROM "
            + fixture.table("blobs")
            + " WHERE state = 'ready')");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> store.get(info.ref(), out))
        .isInstanceOf(BlobCorruptException.class)
        .hasMessageContaining("chunk " + bad + " is corrupt");
    assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(bytes, (int) bad * CHUNK));
  }

  @Test
  void aBlobReplacedBetweenTwoRunsFailsTheReadHavingServedOnlyItsOldBytes() throws Exception {
    byte[] old = content(3L * k * CHUNK, 6);
    store.put(old, PutOptions.at("b", "k"));
    byte[] replacement = content(old.length, 7);
    assertInterleavedChangeFails(
        old, other -> other.put(replacement, PutOptions.at("b", "k")), "replaced");
  }

  @Test
  void aBlobWrittenInPlaceBetweenTwoRunsFailsTheReadHavingServedOnlyItsOldBytes() throws Exception {
    byte[] old = content(3L * k * CHUNK, 8);
    store.put(old, PutOptions.at("b", "k"));
    byte[] patch = content(3 * CHUNK, 9);
    assertInterleavedChangeFails(
        old,
        other -> {
          try (BlobChannel ch = other.open(BlobRef.key("b", "k"), OpenMode.READ_WRITE)) {
            ch.position((long) k * CHUNK - CHUNK); // the last chunk of the first run and beyond
            ch.write(patch);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        },
        "written in place");
  }

  private interface Change {
    void apply(BlobStore other) throws Exception;
  }

  /** Reads blob b/k whole while {@code change} runs right after the first run statement. */
  private void assertInterleavedChangeFails(byte[] old, Change change, String message)
      throws Exception {
    InterposedDataSource db = new InterposedDataSource(fixture);
    Predicate<String> firstRun = ReadAheadContract::isRun;
    try (BlobStore reader = fixture.open(db, options())) {
      db.after(
          firstRun,
          () -> {
            try {
              change.apply(store);
            } catch (Exception e) {
              throw new IllegalStateException("the change failed: " + e, e);
            }
            return true;
          });
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThatThrownBy(() -> reader.get(BlobRef.key("b", "k"), out))
          .isInstanceOf(BlobExpiredException.class)
          .hasMessageContaining(message);
      assertThat(db.acted()).as("the blob changed between two run statements").isOne();
      byte[] served = out.toByteArray();
      assertThat(served.length)
          .as("bytes served: the first run's, not the whole blob")
          .isGreaterThanOrEqualTo(k * CHUNK)
          .isLessThan(old.length);
      assertThat(served).isEqualTo(Arrays.copyOf(old, served.length));
    }
  }
}
