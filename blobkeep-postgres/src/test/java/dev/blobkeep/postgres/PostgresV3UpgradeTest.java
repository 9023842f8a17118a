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
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A schema-version-3 store on PostgreSQL, built by the version 0→3 upgrade steps and filled with
 * rows as version 3 wrote them (every chunk a row of the chunks table, CRCs covering blob id and
 * index), takes the version 4 step: every byte reads back, verify is clean, nothing is moved, a new
 * small blob goes inline, and an old small blob and a new one are both writable in place.
 */
@ExtendWith(PgAvailable.class)
class PostgresV3UpgradeTest {
  private static final int CHUNK = 4096;
  private static final String DENSE = "01890000-0000-7000-8000-000000000011";
  private static final String SMALL = "01890000-0000-7000-8000-000000000012";

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
      PostgresDialect dialect =
          new PostgresDialect(
              Server.of(PgServer.URL, fixture.schema()),
              new AdvisoryLockOwners(null, null, null, true),
              false);
      for (int v = 0; v < 3; v++) {
        for (String sql : dialect.upgrade(v)) {
          s.execute(sql);
        }
      }
      blob(c, DENSE, "dense", dense.length, Bytes.sha256(dense));
      chunk(c, DENSE, 0, Arrays.copyOfRange(dense, 0, CHUNK));
      chunk(c, DENSE, 1, Arrays.copyOfRange(dense, CHUNK, 2 * CHUNK));
      chunk(c, DENSE, 2, Arrays.copyOfRange(dense, 2 * CHUNK, dense.length));
      blob(c, SMALL, "small", small.length, Bytes.sha256(small));
      chunk(c, SMALL, 0, small);
    }

    try (BlobStore store = fixture.open(StoreOptions.defaults().chunkSize(CHUNK))) {
      VerifyReport report = store.verifyAll();
      assertThat(report.problems()).isEmpty();
      assertThat(report.blobsChecked()).isEqualTo(2);
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
