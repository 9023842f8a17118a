package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobCorruptException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.VerifyReport;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.PgServer;
import dev.blobkeep.testkit.StoredChunks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A schema-version-2 store on PostgreSQL, built by the version 0→1→2 upgrade steps and filled with
 * rows as the last release of version 2 wrote them (plain CRC32C, no chunk map), opens, upgrades to
 * version 3, verifies clean and reads back every byte.
 */
@ExtendWith(PgAvailable.class)
class PostgresUpgradeTest {
  private static final int CHUNK = 4096;
  private static final String DENSE = "01890000-0000-7000-8000-000000000001";
  private static final String SPARSE = "01890000-0000-7000-8000-000000000002";
  private static final String EMPTY = "01890000-0000-7000-8000-000000000003";
  private static final String KEYED = "01890000-0000-7000-8000-000000000004";
  private static final String ZERO_CHUNK = "01890000-0000-7000-8000-000000000005";

  private final PgFixture fixture = new PgFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aVersionTwoStoreUpgradesVerifiesCleanAndReadsBackEveryByte() throws Exception {
    byte[] dense = Bytes.random(2 * CHUNK + 10, 1);
    byte[] sparse = new byte[3 * CHUNK];
    byte[] written = Bytes.random(100, 2);
    System.arraycopy(written, 0, sparse, CHUNK + 7, written.length);
    byte[] keyed = Bytes.random(300, 3);
    byte[] zeroChunk = Bytes.random(3 * CHUNK, 4);
    Arrays.fill(zeroChunk, CHUNK, 2 * CHUNK, (byte) 0);
    try (Connection c = fixture.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA \"" + fixture.schema() + "\"");
      PostgresDialect dialect = dialect();
      for (int v = 0; v < 2; v++) {
        for (String sql : dialect.upgrade(v)) {
          s.execute(sql);
        }
      }
      blob(c, DENSE, null, dense.length, Bytes.sha256(dense), 0, "{}");
      chunk(c, DENSE, 0, Arrays.copyOfRange(dense, 0, CHUNK));
      chunk(c, DENSE, 1, Arrays.copyOfRange(dense, CHUNK, 2 * CHUNK));
      chunk(c, DENSE, 2, Arrays.copyOfRange(dense, 2 * CHUNK, dense.length));
      blob(c, SPARSE, null, sparse.length, null, 1, "{}"); // allocated, then written in place
      chunk(c, SPARSE, 1, Arrays.copyOfRange(sparse, CHUNK, 2 * CHUNK));
      blob(c, EMPTY, null, 0, Bytes.sha256(new byte[0]), 0, "{}");
      blob(c, KEYED, "cat.png", keyed.length, Bytes.sha256(keyed), 0, "{\"owner\": \"ann\"}");
      chunk(c, KEYED, 0, keyed);
      blob(c, ZERO_CHUNK, null, zeroChunk.length, Bytes.sha256(zeroChunk), 0, "{}");
      chunk(c, ZERO_CHUNK, 0, Arrays.copyOfRange(zeroChunk, 0, CHUNK));
      chunk(c, ZERO_CHUNK, 2, Arrays.copyOfRange(zeroChunk, 2 * CHUNK, 3 * CHUNK));
    }

    try (BlobStore store = fixture.open(StoreOptions.defaults())) {
      assertThat(settingsVersion()).isEqualTo("6");
      VerifyReport report = store.verifyAll();
      assertThat(report.problems()).isEmpty();
      assertThat(report.blobsChecked()).isEqualTo(5);
      assertThat(report.notes())
          .singleElement()
          .satisfies(n -> assertThat(n.blobId()).isEqualTo(SPARSE));
      assertThat(store.getBytes(BlobRef.id(DENSE))).isEqualTo(dense);
      assertThat(store.getBytes(BlobRef.id(SPARSE))).isEqualTo(sparse);
      assertThat(store.getBytes(BlobRef.id(EMPTY))).isEmpty();
      assertThat(store.getBytes(BlobRef.key("b", "cat.png"))).isEqualTo(keyed);
      assertThat(store.info(BlobRef.key("b", "cat.png")).meta()).containsEntry("owner", "ann");
      assertThat(store.getBytes(BlobRef.id(ZERO_CHUNK))).isEqualTo(zeroChunk);

      StoredChunks rows = new StoredChunks(fixture);
      assertThat(rows.crc(DENSE, 1))
          .isEqualTo(StoredChunks.crc(DENSE, 1, Arrays.copyOfRange(dense, CHUNK, 2 * CHUNK)));
      fixtureSql("DELETE FROM " + fixture.table("chunks") + " WHERE idx = 1");
      assertThatThrownBy(() -> store.getBytes(BlobRef.id(SPARSE)))
          .isInstanceOf(BlobCorruptException.class)
          .hasMessageStartingWith("blob " + SPARSE + " chunk 1 is missing");
      assertThat(store.getBytes(BlobRef.id(ZERO_CHUNK))).isEqualTo(zeroChunk);
    }
  }

  private PostgresDialect dialect() {
    Server server = Server.of(PgServer.URL, fixture.schema());
    return new PostgresDialect(
        server, PostgresDialect.leases(null, server, StoreOptions.defaults()), false);
  }

  private void blob(
      Connection c, String id, String key, long size, String sha, long version, String meta)
      throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + fixture.table("blobs")
                + " (id, bucket, key, size, chunk_size, sha256, content_type, created, updated,"
                + " state, version, meta) VALUES (CAST(? AS uuid), 'b', ?, ?, ?, ?,"
                + " 'application/octet-stream', 1, 1, 'ready', ?, CAST(? AS jsonb))")) {
      ps.setString(1, id);
      ps.setString(2, key);
      ps.setLong(3, size);
      ps.setInt(4, CHUNK);
      ps.setString(5, sha);
      ps.setLong(6, version);
      ps.setString(7, meta);
      ps.executeUpdate();
    }
  }

  /** A chunk row as version 2 stored it: the CRC32C of its bytes alone. */
  private void chunk(Connection c, String id, long idx, byte[] data) throws Exception {
    CRC32C crc = new CRC32C();
    crc.update(data);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + fixture.table("chunks")
                + " (blob_id, idx, crc, data) VALUES (CAST(? AS uuid), ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setLong(2, idx);
      ps.setLong(3, crc.getValue());
      ps.setBytes(4, data);
      ps.executeUpdate();
    }
  }

  private void fixtureSql(String sql) throws Exception {
    try (Connection c = fixture.connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private String settingsVersion() throws Exception {
    try (Connection c = fixture.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT value FROM "
                    + fixture.table("settings")
                    + " WHERE name = 'schema_version'")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
