package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.VerifyReport;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.StoredChunks;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store made by the last code of schema version 3 (the committed fixture {@code
 * fixtures/v3-store.db}, made by {@code fixtures/MakeV3Store.java}) opens and takes the version 4
 * step (buckets, MD5 and entity tag columns, staged blobs) and the version 5 step (small content
 * inline in the blob's row, the key index over keyed blobs only): its blobs, small ones included,
 * keep their chunk rows and read back every byte; new small blobs go inline; an old small blob and
 * a new one can both be written in place; a blob allocated under version 3 keeps one entity tag.
 */
class SqliteV3UpgradeTest {
  private static final int CHUNK = 4096;

  @TempDir Path tmp;

  /** The fixture's blobs by bucket/key, as MakeV3Store wrote them. */
  private static Map<String, byte[]> expected() {
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    blobs.put("v3/dense", StoreFixtures.pattern(3 * CHUNK + 100, 1));
    blobs.put("v3/small", StoreFixtures.pattern(1000, 3));
    blobs.put("v3/small-meta", StoreFixtures.pattern(CHUNK - 1, 4));
    blobs.put("v3/one-chunk", StoreFixtures.pattern(CHUNK, 5));
    byte[] sparse = new byte[10 * CHUNK];
    byte[] hello = "hello world".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(hello, 0, sparse, 3 * CHUNK + 5, hello.length);
    blobs.put("v3/sparse", sparse);
    blobs.put("v3/empty", new byte[0]);
    blobs.put("v3/allocated", new byte[2 * CHUNK]);
    return blobs;
  }

  @Test
  void aVersionThreeStoreUpgradesVerifiesCleanAndReadsBackEveryByte() throws Exception {
    Path file = StoreFixtures.copy(tmp, "v3-store.db");
    assertThat(query(file, "SELECT value FROM blobkeep_settings")).isEqualTo("3");
    try (BlobStore store = BlobStore.open(file.toString())) {
      assertThat(query(file, "SELECT value FROM blobkeep_settings")).isEqualTo("6");
      assertThat(query(file, "SELECT count(*) FROM blobkeep_buckets")).isEqualTo("1");
      assertThat(query(file, "SELECT sql FROM sqlite_master WHERE name = 'blobkeep_blobs_key'"))
          .endsWith("WHERE key IS NOT NULL");
      VerifyReport report = store.verifyAll();
      assertThat(report.problems()).isEmpty();
      assertThat(report.blobsChecked()).isEqualTo(7);
      for (Map.Entry<String, byte[]> blob : expected().entrySet()) {
        BlobRef ref = BlobRef.parse(blob.getKey());
        byte[] want = blob.getValue();
        assertThat(store.getBytes(ref)).as(blob.getKey()).isEqualTo(want);
        try (InputStream in = store.openStream(ref)) {
          assertThat(in.readAllBytes()).as(blob.getKey()).isEqualTo(want);
        }
        try (BlobChannel ch = store.open(ref, OpenMode.READ)) {
          ByteBuffer buf = ByteBuffer.allocate(want.length);
          while (buf.hasRemaining() && ch.read(buf) > 0) {}
          assertThat(buf.array()).as(blob.getKey()).isEqualTo(want);
        }
        assertThat(store.info(ref).sha256()).isEqualTo(Bytes.sha256(want));
      }
      assertThat(store.info(BlobRef.key("v3", "small-meta")).meta()).containsEntry("n", 7);
      // nothing was moved: the step only added columns
      assertThat(query(file, "SELECT count(*) FROM blobkeep_blobs WHERE inline_data IS NOT NULL"))
          .isEqualTo("0");
      assertThat(query(file, "SELECT count(*) FROM blobkeep_chunks")).isEqualTo("8");
    }
  }

  @Test
  void afterTheUpgradeNewSmallBlobsGoInlineAndOldAndNewAreWritableInPlace() throws Exception {
    Path file = StoreFixtures.copy(tmp, "v3-store.db");
    try (BlobStore store = BlobStore.open(file.toString())) {
      byte[] fresh = Bytes.random(700, 4);
      BlobInfo added = store.put(fresh, PutOptions.at("v3", "fresh"));
      assertThat(query(file, "SELECT length(inline_data) FROM blobkeep_blobs WHERE id = ?", added))
          .isEqualTo("700");
      assertThat(store.getBytes(added.ref())).isEqualTo(fresh);

      BlobRef old = BlobRef.key("v3", "small");
      byte[] oldContent = StoreFixtures.pattern(1000, 3);
      for (BlobRef ref : new BlobRef[] {old, added.ref()}) {
        try (BlobChannel ch = store.open(ref, OpenMode.READ_WRITE)) {
          ch.position(10);
          ch.write(new byte[] {9, 9});
        }
      }
      oldContent[10] = 9;
      oldContent[11] = 9;
      fresh[10] = 9;
      fresh[11] = 9;
      assertThat(store.getBytes(old)).isEqualTo(oldContent);
      assertThat(store.getBytes(added.ref())).isEqualTo(fresh);
      assertThat(store.verifyAll().problems()).isEmpty();
    }
  }

  @Test
  void aBlobAllocatedAtVersionZeroKeepsOneEntityTagThroughVerify() throws Exception {
    Path file = StoreFixtures.copy(tmp, "v3-store.db");
    // v3 code before the preconditions allocated at version 0: the tag was v0-<id> until verify
    // recorded a SHA-256, and then the SHA-256
    update(file, "UPDATE blobkeep_blobs SET version = 0 WHERE key = 'allocated'");
    try (BlobStore store = BlobStore.open(file.toString())) {
      BlobRef ref = BlobRef.key("v3", "allocated");
      BlobInfo before = store.info(ref);
      assertThat(before.version()).isEqualTo(1);
      assertThat(before.sha256()).isNull();
      assertThat(store.verify(ref).ok()).isTrue();
      BlobInfo after = store.info(ref);
      assertThat(after.sha256()).isEqualTo(Bytes.sha256(new byte[2 * CHUNK]));
      assertThat(after.etag()).isEqualTo(before.etag()).isEqualTo("v1-" + before.id());
      assertThat(store.info(BlobRef.key("v3", "dense")).version()).isZero();
    }
  }

  @Test
  void aVersionFourStoreKeepsItsDigestsAndGetsTheKeyIndexOverKeyedBlobsOnly() throws Exception {
    Path file = tmp.resolve("v4-store.db");
    String id = "01890000-0000-7000-8000-000000000021";
    byte[] small = StoreFixtures.pattern(900, 6);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement s = c.createStatement()) {
      SqliteDialect dialect = new SqliteDialect(null, false);
      for (int v = 0; v < 4; v++) {
        for (String sql : dialect.upgrade(v)) {
          s.execute(sql);
        }
      }
      s.execute(
          "INSERT INTO blobkeep_blobs (id, bucket, key, size, chunk_size, sha256, content_type,"
              + " created, updated, state, version, meta, md5, etag) VALUES ('"
              + id
              + "', 'v4', 'small', 900, 4096, '"
              + Bytes.sha256(small)
              + "', 'text/plain', 1, 1, 'ready', 0, '{}', 'abc', 'abc-2')");
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO blobkeep_chunks (blob_id, idx, crc, data) VALUES (?, 0, ?, ?)")) {
        ps.setString(1, id);
        ps.setLong(2, StoredChunks.crc(id, 0, small));
        ps.setBytes(3, small);
        ps.executeUpdate();
      }
    }
    assertThat(query(file, "SELECT value FROM blobkeep_settings")).isEqualTo("4");
    try (BlobStore store = BlobStore.open(file.toString())) {
      assertThat(query(file, "SELECT value FROM blobkeep_settings")).isEqualTo("6");
      BlobInfo info = store.info(BlobRef.key("v4", "small"));
      assertThat(info.md5()).isEqualTo("abc");
      assertThat(info.storedEtag()).isEqualTo("abc-2");
      assertThat(store.getBytes(info.ref())).isEqualTo(small);
      assertThat(query(file, "SELECT sql FROM sqlite_master WHERE name = 'blobkeep_blobs_key'"))
          .endsWith("WHERE key IS NOT NULL");
      BlobInfo keyless = store.put(StoreFixtures.pattern(10, 7));
      assertThat(
              query(file, "SELECT length(inline_data) FROM blobkeep_blobs WHERE id = ?", keyless))
          .isEqualTo("10");
      assertThat(store.verifyAll().problems()).isEmpty();
    }
  }

  private static void update(Path file, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement ps = c.prepareStatement(sql)) {
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  private static String query(Path file, String sql, BlobInfo... blob) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (blob.length > 0) {
        ps.setString(1, blob[0].id());
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
