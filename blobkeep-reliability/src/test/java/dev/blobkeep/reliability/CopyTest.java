package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.CopyListener;
import dev.blobkeep.CopyOptions;
import dev.blobkeep.CopyReport;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.Whence;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;
import dev.blobkeep.testkit.StoredChunks;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link BlobStore#copyTo}: SQLite to PostgreSQL and back, every field and byte kept. */
@ExtendWith(PgAvailable.class)
class CopyTest {
  private static final int CHUNK = 64 * 1024;
  private static final StoreOptions OPTIONS = StoreOptions.defaults().chunkSize(CHUNK);

  @Test
  void roundTripSqlitePostgresSqliteKeepsEveryBlobAsItWas() throws Exception {
    roundTripThrough(new PgFixture());
  }

  /**
   * Copies a filled SQLite store into {@code middle} (closed at the end), from there into a second
   * SQLite store with another chunk size, and checks every blob's fields and bytes against the
   * first, and that the sparse blob stays sparse in {@code middle}.
   */
  static void roundTripThrough(StoreFixture middle) throws Exception {
    try (SqliteFixture first = new SqliteFixture();
        middle;
        SqliteFixture last = new SqliteFixture()) {
      List<BlobInfo> original;
      String sparseId;
      try (BlobStore store = first.open(OPTIONS)) {
        sparseId = fill(store);
        original = all(store);
      }
      try (BlobStore from = first.open(OPTIONS);
          BlobStore mid = middle.open(OPTIONS)) {
        CopyReport report = from.copyTo(mid, CopyOptions.defaults());
        assertThat(report.failures()).isEmpty();
        assertThat(report.copied()).isEqualTo(original.size());
        assertThat(report.summary()).startsWith("copied " + original.size() + " blobs (");
        // only the two written chunks of the 40-chunk sparse blob are stored
        assertThat(new StoredChunks(middle).count(sparseId)).isEqualTo(2);
      }
      try (BlobStore mid = middle.open(OPTIONS);
          BlobStore back = last.open(OPTIONS.chunkSize(2 * CHUNK))) {
        CopyReport report = mid.copyTo(back, CopyOptions.defaults());
        assertThat(report.failed()).isZero();
        assertThat(report.copied()).isEqualTo(original.size());
      }
      try (BlobStore from = first.open(OPTIONS);
          BlobStore back = last.open(OPTIONS)) {
        assertThat(all(back)).containsExactlyInAnyOrderElementsOf(original);
        for (BlobInfo blob : original) {
          assertThat(Bytes.sha256(back.getBytes(blob.ref())))
              .as("content of %s", blob.id())
              .isEqualTo(Bytes.sha256(from.getBytes(blob.ref())));
        }
        assertThat(back.bucket("empty")).isPresent();
        assertThat(back.info(BlobRef.key("docs", "a.txt")).etag())
            .isEqualTo(from.info(BlobRef.key("docs", "a.txt")).etag());
      }
    }
  }

  @Test
  void rerunSkipsUnchangedAndCopiesChangedBlobs() {
    try (SqliteFixture a = new SqliteFixture();
        SqliteFixture b = new SqliteFixture();
        BlobStore from = a.open(OPTIONS);
        BlobStore to = b.open(OPTIONS)) {
      fill(from);
      int count = all(from).size();
      from.copyTo(to, CopyOptions.defaults());
      BlobInfo changed = from.updateMeta(BlobRef.key("docs", "a.txt"), Map.of("v", 2), List.of());

      CopyReport again = from.copyTo(to, CopyOptions.defaults());

      assertThat(again.copied()).isEqualTo(1);
      assertThat(again.skipped()).isEqualTo(count - 1);
      assertThat(to.info(changed.ref())).isEqualTo(changed);
    }
  }

  @Test
  void aBlobChangedAtTheTargetLaterIsKeptUnlessOverwrite() throws Exception {
    try (SqliteFixture a = new SqliteFixture();
        SqliteFixture b = new SqliteFixture();
        BlobStore from = a.open(OPTIONS);
        BlobStore to = b.open(OPTIONS)) {
      BlobInfo blob = from.put("one".getBytes(), PutOptions.at("docs", "x"));
      from.copyTo(to, CopyOptions.defaults());
      from.updateMeta(blob.ref(), Map.of("side", "source"), List.of());
      Thread.sleep(5); // the target's change is the later one
      BlobInfo newer = to.updateMeta(blob.ref(), Map.of("side", "target"), List.of());

      CopyReport kept = from.copyTo(to, CopyOptions.defaults());
      assertThat(kept.failed()).isEqualTo(1);
      assertThat(kept.failures().get(0))
          .contains(blob.id(), "changed at the target after the source's", "overwrite");
      assertThat(to.info(blob.ref())).isEqualTo(newer);

      CopyReport overwritten = from.copyTo(to, CopyOptions.defaults().overwrite(true));
      assertThat(overwritten.copied()).isEqualTo(1);
      assertThat(to.info(blob.ref()).meta("side")).isEqualTo("source");
    }
  }

  @Test
  void aBlobUnderTheSameKeyWithAnotherIdAtTheTargetIsKeptUnlessOverwrite() {
    try (SqliteFixture a = new SqliteFixture();
        SqliteFixture b = new SqliteFixture();
        BlobStore from = a.open(OPTIONS);
        BlobStore to = b.open(OPTIONS)) {
      BlobInfo source = from.put("source".getBytes(), PutOptions.at("docs", "k"));
      BlobInfo theirs = to.put("target's own".getBytes(), PutOptions.at("docs", "k"));

      CopyReport kept = from.copyTo(to, CopyOptions.defaults());

      assertThat(kept.failures())
          .singleElement()
          .asString()
          .contains(source.id(), "docs/k", "held by blob " + theirs.id(), "overwrite");
      assertThat(to.info(BlobRef.key("docs", "k"))).isEqualTo(theirs);
      assertThat(to.exists(source.ref())).isFalse();

      CopyReport overwritten = from.copyTo(to, CopyOptions.defaults().overwrite(true));
      assertThat(overwritten.copied()).isEqualTo(1);
      assertThat(to.getBytes(BlobRef.key("docs", "k"))).isEqualTo("source".getBytes());
    }
  }

  @Test
  void aRecopyWhoseSourceReadFailsKeepsTheTargetsCopy() {
    try (SqliteFixture a = new SqliteFixture();
        SqliteFixture b = new SqliteFixture();
        BlobStore from = a.open(OPTIONS);
        BlobStore to = b.open(OPTIONS)) {
      BlobInfo blob = from.put(Bytes.random(4 * CHUNK, 5), PutOptions.at("docs", "x"));
      from.copyTo(to, CopyOptions.defaults());
      BlobInfo held = to.info(blob.ref());
      from.updateMeta(blob.ref(), Map.of("owner", "ann"), List.of());

      CopyReport report =
          from.copyTo(to, CopyOptions.defaults().listener(failingAfter(CHUNK, "connection lost")));

      assertThat(report.failed()).isEqualTo(1);
      assertThat(report.failures().get(0)).contains(blob.id(), "connection lost");
      assertThat(to.info(blob.ref())).isEqualTo(held);
      assertThat(Bytes.sha256(to.getBytes(blob.ref())))
          .isEqualTo(Bytes.sha256(from.getBytes(blob.ref())));
      assertThat(from.copyTo(to, CopyOptions.defaults()).copied()).isEqualTo(1);
    }
  }

  @Test
  void aRecopyWhoseTargetFailsAfterRemovingTheOlderCopySaysSo() throws Exception {
    try (SqliteFixture a = new SqliteFixture();
        SqliteFixture b = new SqliteFixture();
        BlobStore from = a.open(OPTIONS);
        BlobStore to = b.open(OPTIONS)) {
      BlobInfo blob = from.put(Bytes.random(4 * CHUNK, 6), PutOptions.at("docs", "x"));
      from.copyTo(to, CopyOptions.defaults());
      from.updateMeta(blob.ref(), Map.of("owner", "ann"), List.of());
      // The older copy's row is retired, then its purge fails, as on a disk that has just filled
      // up.
      try (Connection c = b.connect();
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TRIGGER fail_purge BEFORE DELETE ON "
                + b.table("blobs")
                + " BEGIN SELECT RAISE(ABORT, 'simulated I/O error'); END");
      }

      CopyReport report = from.copyTo(to, CopyOptions.defaults());

      assertThat(report.failed()).isEqualTo(1);
      assertThat(to.exists(blob.ref())).isFalse();
      assertThat(report.failures().get(0))
          .contains(blob.id(), "the target's older copy was removed and the new one not stored")
          .contains("simulated I/O error", "run the copy again");
      try (Connection c = b.connect();
          Statement s = c.createStatement()) {
        s.execute("DROP TRIGGER fail_purge");
      }
      to.gc();
      assertThat(from.copyTo(to, CopyOptions.defaults()).copied()).isEqualTo(1);
      assertThat(Bytes.sha256(to.getBytes(blob.ref())))
          .isEqualTo(Bytes.sha256(from.getBytes(blob.ref())));
    }
  }

  @Test
  void aBlobChangedAtTheSourceDuringTheCopyIsNamedSoAndTheTargetKeepsItsCopy() {
    try (SqliteFixture a = new SqliteFixture();
        SqliteFixture b = new SqliteFixture();
        BlobStore from = a.open(OPTIONS);
        BlobStore to = b.open(OPTIONS)) {
      BlobInfo blob = from.put(Bytes.random(1000, 6), PutOptions.at("docs", "x"));
      from.copyTo(to, CopyOptions.defaults());
      BlobInfo held = to.info(blob.ref());
      from.updateMeta(blob.ref(), Map.of("owner", "ann"), List.of());
      CopyListener writesFirst =
          new CopyListener() {
            @Override
            public InputStream reading(BlobInfo listed, InputStream content) {
              // another writer changes the blob between the listing and the read
              try (content;
                  BlobChannel ch = from.open(listed.ref(), OpenMode.READ_WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return from.openStream(listed.ref());
            }
          };

      CopyReport report = from.copyTo(to, CopyOptions.defaults().listener(writesFirst));

      assertThat(report.failures())
          .singleElement()
          .asString()
          .contains(blob.id(), "changed at the source during the copy", "left as it was")
          .doesNotContain("verify");
      assertThat(to.info(blob.ref())).isEqualTo(held);
      assertThat(from.copyTo(to, CopyOptions.defaults()).copied()).isEqualTo(1);
      assertThat(to.getBytes(blob.ref())).isEqualTo(from.getBytes(blob.ref()));
    }
  }

  /** A listener whose source streams fail once more than {@code limit} bytes were asked for. */
  private static CopyListener failingAfter(int limit, String message) {
    return new CopyListener() {
      @Override
      public InputStream reading(BlobInfo blob, InputStream content) {
        return new FilterInputStream(content) {
          private long asked;

          @Override
          public int read(byte[] buf, int off, int len) throws IOException {
            asked += len;
            if (asked > limit) {
              throw new IOException(message);
            }
            return super.read(buf, off, len);
          }
        };
      }
    };
  }

  @Test
  void onlyTheNamedBucketsAreCopiedAndAMissingOneIsNamed() {
    try (SqliteFixture a = new SqliteFixture();
        SqliteFixture b = new SqliteFixture();
        BlobStore from = a.open(OPTIONS);
        BlobStore to = b.open(OPTIONS)) {
      fill(from);
      CopyReport report = from.copyTo(to, CopyOptions.defaults().buckets(List.of("docs")));
      assertThat(report.copied()).isEqualTo(2);
      assertThat(to.list(Query.all()).items()).allMatch(i -> i.bucket().equals("docs"));
      assertThatThrownBy(() -> from.copyTo(to, CopyOptions.defaults().buckets(List.of("nosuch"))))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("bucket nosuch does not exist in store " + from.location());
      assertThatThrownBy(() -> from.copyTo(from, CopyOptions.defaults()))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("same store");
    }
  }

  /**
   * A sparse blob (2 of 40 chunks written), an inline-sized one, a multi-chunk one with user fields
   * and an MD5, an empty one, a keyless one, an allocated-only one and an empty bucket.
   *
   * @return the sparse blob's id
   */
  static String fill(BlobStore store) {
    store.createBucket("empty");
    store.put("hello".getBytes(), PutOptions.at("docs", "a.txt").contentType("text/plain"));
    store.put(
        Bytes.random(5 * CHUNK + 123, 1),
        PutOptions.at("docs", "big.bin").meta(Map.of("owner", "ann", "n", 7)).computeMd5());
    store.put(new byte[0], PutOptions.at("other", "empty"));
    store.put(Bytes.random(100, 2), PutOptions.in("other"));
    store.allocate(3 * CHUNK + 5, PutOptions.at("other", "zeros"));
    BlobInfo sparse = store.allocate(40L * CHUNK, PutOptions.at("sparse", "disk.img"));
    try (BlobChannel ch = store.open(sparse.ref(), OpenMode.READ_WRITE)) {
      ch.seek(3L * CHUNK + 10, Whence.START);
      ch.write(ByteBuffer.wrap(Bytes.random(100, 3)));
      ch.seek(30L * CHUNK, Whence.START);
      ch.write(ByteBuffer.wrap(Bytes.random(CHUNK, 4)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return sparse.id();
  }

  /** Every blob's info, read one by one (a listing's are the same, this also checks info). */
  static List<BlobInfo> all(BlobStore store) {
    List<BlobInfo> out = new ArrayList<>();
    for (BlobInfo listed : store.list(Query.all().limit(1000)).items()) {
      out.add(withoutSha(store.info(listed.ref())));
    }
    return out;
  }

  /** A stale SHA-256 (null) at the source is known after a copy: compare without it. */
  private static BlobInfo withoutSha(BlobInfo i) {
    return new BlobInfo(
        i.id(),
        i.bucket(),
        i.key(),
        i.size(),
        i.contentType(),
        i.version() == 0 ? i.sha256() : null,
        i.created(),
        i.updated(),
        i.meta(),
        i.version(),
        i.md5(),
        i.storedEtag());
  }
}
