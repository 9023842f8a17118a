package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobCorruptException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.VerifyReport;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.StoredChunks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store made by the last release of schema version 2 (the committed fixture {@code
 * fixtures/v2-store.db}, made by {@code fixtures/MakeV2Store.java}) opens, upgrades to the current
 * version, verifies clean and reads back every byte; after the upgrade its chunk maps know which
 * chunks are stored, so a lost one is found.
 */
class SqliteUpgradeTest {
  private static final int CHUNK = 4096;

  @TempDir Path tmp;

  /** The fixture's blobs by bucket/key, as MakeV2Store wrote them. */
  private static Map<String, byte[]> expected() {
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    blobs.put("v2/dense", StoreFixtures.pattern(3 * CHUNK + 100, 1));
    byte[] sparse = new byte[10 * CHUNK];
    byte[] hello = "hello world".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(hello, 0, sparse, 3 * CHUNK + 5, hello.length);
    byte[] boundary = "boundary!".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(boundary, 0, sparse, 7 * CHUNK - 3, boundary.length);
    blobs.put("v2/sparse", sparse);
    blobs.put("v2/empty", new byte[0]);
    blobs.put("photos/2024/cat.png", "meow".repeat(100).getBytes(StandardCharsets.US_ASCII));
    byte[] zeroChunk = StoreFixtures.pattern(3 * CHUNK + 50, 2);
    Arrays.fill(zeroChunk, CHUNK, 2 * CHUNK, (byte) 0);
    blobs.put("v2/zero-chunk", zeroChunk);
    return blobs;
  }

  @Test
  void aVersionTwoStoreUpgradesVerifiesCleanAndReadsBackEveryByte() throws Exception {
    Path file = StoreFixtures.copy(tmp, "v2-store.db");
    assertThat(schemaVersion(file)).isEqualTo("2");

    try (BlobStore store = BlobStore.open(file.toString())) {
      assertThat(schemaVersion(file)).isEqualTo("6");
      VerifyReport report = store.verifyAll();
      assertThat(report.problems()).isEmpty();
      assertThat(report.blobsChecked()).isEqualTo(5);
      assertThat(report.notes()) // the sparse blob was written in place: its SHA-256 was stale
          .singleElement()
          .satisfies(n -> assertThat(n.message()).contains("(v2/sparse) sha256 recomputed"));
      for (Map.Entry<String, byte[]> blob : expected().entrySet()) {
        BlobRef ref = BlobRef.parse(blob.getKey());
        assertThat(store.getBytes(ref)).as(blob.getKey()).isEqualTo(blob.getValue());
        assertThat(store.info(ref).sha256()).isEqualTo(Bytes.sha256(blob.getValue()));
      }
      BlobInfo cat = store.info(BlobRef.key("photos", "2024/cat.png"));
      assertThat(cat.contentType()).isEqualTo("image/png");
      assertThat(cat.meta()).containsEntry("owner", "ann").containsEntry("n", 3);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT b.id, c.idx, c.crc, c.data FROM blobkeep_chunks c"
                    + " JOIN blobkeep_blobs b ON b.id = c.blob_id")) {
      int n = 0;
      while (rs.next()) {
        assertThat(rs.getLong(3))
            .as("CRC of chunk %d of %s", rs.getLong(2), rs.getString(1))
            .isEqualTo(StoredChunks.crc(rs.getString(1), rs.getLong(2), rs.getBytes(4)));
        n++;
      }
      assertThat(n).isEqualTo(11);
    }
  }

  @Test
  void afterTheUpgradeALostChunkIsFoundInsteadOfReadAsZeros() throws Exception {
    Path file = StoreFixtures.copy(tmp, "v2-store.db");
    try (BlobStore store = BlobStore.open(file.toString())) {
      String sparse = store.info(BlobRef.key("v2", "sparse")).id();
      String zeroChunk = store.info(BlobRef.key("v2", "zero-chunk")).id();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = c.createStatement()) {
        s.execute("DELETE FROM blobkeep_chunks WHERE idx = 3");
      }
      assertThatThrownBy(() -> store.getBytes(BlobRef.key("v2", "sparse")))
          .isInstanceOf(BlobCorruptException.class)
          .hasMessageStartingWith("blob " + sparse + " (v2/sparse) chunk 3 is missing");
      assertThat(store.verifyAll().problems())
          .extracting(p -> p.blobId() + ":" + p.chunk())
          .contains(sparse + ":3", zeroChunk + ":3");
      // the all-zero chunk of the upload was never stored, and still reads as zeros
      assertThat(store.getBytes(BlobRef.key("v2", "zero-chunk"), CHUNK, CHUNK))
          .isEqualTo(new byte[CHUNK]);
    }
  }

  private static String schemaVersion(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT value FROM blobkeep_settings WHERE name = 'schema_version'")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
