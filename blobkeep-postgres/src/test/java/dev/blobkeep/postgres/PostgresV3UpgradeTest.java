package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.OpenMode;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A schema-version-3 store on PostgreSQL, built by the version 0→3 upgrade steps and filled with
 * rows as version 3 wrote them (every chunk a row of the chunks table, CRCs covering blob id and
 * index), takes the version 4 and 5 steps: every byte reads back, verify is clean, nothing is
 * moved, a new small blob goes inline, an old small blob and a new one are both writable in place,
 * and a blob allocated under version 3 keeps one entity tag through verify. A version-4 store (as
 * the S3 code wrote it) takes the version 5 step with its MD5s and entity tags kept.
 */
@ExtendWith(PgAvailable.class)
class PostgresV3UpgradeTest {
  private static final int CHUNK = 4096;
  private static final String DENSE = "01890000-0000-7000-8000-000000000011";
  private static final String SMALL = "01890000-0000-7000-8000-000000000012";
  private static final String ALLOCATED = "01890000-0000-7000-8000-000000000013";

  private final PgFixture fixture = new PgFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aVersionThreeStoreUpgradesReadsBackAndTakesNewSmallBlobsInline() throws Exception {
    byte[] dense = Bytes.random(2 * CHUNK + 10, 1);
    byte[] small = Bytes.random(300, 2);
    try (Connection c = fixture.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA \"" + fixture.schema() + "\"");
      upgradeTo(s, 3);
      blob(c, DENSE, "dense", dense.length, Bytes.sha256(dense));
      chunk(c, DENSE, 0, Arrays.copyOfRange(dense, 0, CHUNK));
      chunk(c, DENSE, 1, Arrays.copyOfRange(dense, CHUNK, 2 * CHUNK));
      chunk(c, DENSE, 2, Arrays.copyOfRange(dense, 2 * CHUNK, dense.length));
      blob(c, SMALL, "small", small.length, Bytes.sha256(small));
      chunk(c, SMALL, 0, small);
      blob(c, ALLOCATED, "allocated", 3 * CHUNK, null); // allocated under v3: version 0, no SHA
      s.execute( // and no chunk stored: the map is its format byte alone
          "UPDATE "
              + fixture.table("blobs")
              + " SET chunk_map = '\\x01'::bytea WHERE id = '"
              + ALLOCATED
              + "'");
    }

    try (BlobStore store = fixture.open(StoreOptions.defaults().chunkSize(CHUNK))) {
      assertThat(query("SELECT value FROM " + fixture.table("settings"))).isEqualTo("6");
      assertThat(query("SELECT count(*) FROM " + fixture.table("buckets"))).isEqualTo("1");
      // made by the step, holding this store's own lease
      assertThat(query("SELECT count(*) FROM " + fixture.table("leases"))).isEqualTo("1");
      BlobInfo allocated = store.info(BlobRef.id(ALLOCATED));
      assertThat(allocated.version()).isEqualTo(1);
      VerifyReport report = store.verifyAll();
      assertThat(report.problems()).isEmpty();
      assertThat(report.blobsChecked()).isEqualTo(3);
      BlobInfo verified = store.info(BlobRef.id(ALLOCATED));
      assertThat(verified.sha256()).isEqualTo(Bytes.sha256(new byte[3 * CHUNK]));
      assertThat(verified.etag()).isEqualTo(allocated.etag()).isEqualTo("v1-" + ALLOCATED);
      assertThat(store.getBytes(BlobRef.key("b", "dense"))).isEqualTo(dense);
      assertThat(store.getBytes(BlobRef.key("b", "small"))).isEqualTo(small);
      StoredChunks rows = new StoredChunks(fixture);
      assertThat(rows.inline(SMALL)).isNull(); // nothing moved by the step
      assertThat(rows.count(SMALL)).isEqualTo(1);

      byte[] fresh = Bytes.random(500, 3);
      BlobInfo added = store.put(fresh);
      assertThat(rows.inline(added.id())).isEqualTo(fresh);
      assertThat(rows.count(added.id())).isZero();

      for (BlobRef ref : new BlobRef[] {BlobRef.key("b", "small"), added.ref()}) {
        try (BlobChannel ch = store.open(ref, OpenMode.READ_WRITE)) {
          ch.position(4);
          ch.write(new byte[] {7, 7, 7});
        }
      }
      Arrays.fill(small, 4, 7, (byte) 7);
      Arrays.fill(fresh, 4, 7, (byte) 7);
      assertThat(store.getBytes(BlobRef.key("b", "small"))).isEqualTo(small);
      assertThat(store.getBytes(added.ref())).isEqualTo(fresh);
      assertThat(rows.inline(added.id())).isNull();
      assertThat(store.verifyAll().problems()).isEmpty();
    }
  }

  @Test
  void aVersionFourStoreKeepsItsDigestsAndGetsTheKeyIndexOverKeyedBlobsOnly() throws Exception {
    byte[] small = Bytes.random(900, 5);
    try (Connection c = fixture.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA \"" + fixture.schema() + "\"");
      upgradeTo(s, 4);
      blob(c, SMALL, "small", small.length, Bytes.sha256(small));
      chunk(c, SMALL, 0, small);
      s.execute(
          "UPDATE "
              + fixture.table("blobs")
              + " SET md5 = 'abc', etag = 'abc-2' WHERE id = '"
              + SMALL
              + "'");
    }
    try (BlobStore store = fixture.open(StoreOptions.defaults().chunkSize(CHUNK))) {
      assertThat(query("SELECT value FROM " + fixture.table("settings"))).isEqualTo("6");
      BlobInfo info = store.info(BlobRef.key("b", "small"));
      assertThat(info.md5()).isEqualTo("abc");
      assertThat(info.storedEtag()).isEqualTo("abc-2");
      assertThat(store.getBytes(info.ref())).isEqualTo(small);
      assertThat(
              query(
                  "SELECT indexdef FROM pg_indexes WHERE schemaname = '"
                      + fixture.schema()
                      + "' AND indexname = '"
                      + PostgresDialect.KEY_INDEX
                      + "'"))
          .endsWith("WHERE (key IS NOT NULL)");
      BlobInfo keyless = store.put(Bytes.random(10, 6));
      assertThat(new StoredChunks(fixture).inline(keyless.id())).hasSize(10);
    }
  }

  /** Runs the dialect's upgrade statements up to {@code version} (no engine rewrite: no rows). */
  private void upgradeTo(Statement s, int version) throws Exception {
    Server server = Server.of(PgServer.URL, fixture.schema());
    PostgresDialect dialect =
        new PostgresDialect(
            server, PostgresDialect.leases(null, server, StoreOptions.defaults()), false);
    for (int v = 0; v < version; v++) {
      for (String sql : dialect.upgrade(v)) {
        s.execute(sql);
      }
    }
  }

  private String query(String sql) throws Exception {
    try (Connection c = fixture.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }

  private void blob(Connection c, String id, String key, long size, String sha) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + fixture.table("blobs")
                + " (id, bucket, key, size, chunk_size, sha256, content_type, created, updated,"
                + " state, version, meta) VALUES (CAST(? AS uuid), 'b', ?, ?, ?, ?,"
                + " 'application/octet-stream', 1, 1, 'ready', 0, '{}')")) {
      ps.setString(1, id);
      ps.setString(2, key);
      ps.setLong(3, size);
      ps.setInt(4, CHUNK);
      ps.setString(5, sha);
      ps.executeUpdate();
    }
  }

  /** A chunk row as version 3 stores it: the CRC covers blob id and index. */
  private void chunk(Connection c, String id, long idx, byte[] data) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + fixture.table("chunks")
                + " (blob_id, idx, crc, data) VALUES (CAST(? AS uuid), ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setLong(2, idx);
      ps.setLong(3, StoredChunks.crc(id, idx, data));
      ps.setBytes(4, data);
      ps.executeUpdate();
    }
  }
}
