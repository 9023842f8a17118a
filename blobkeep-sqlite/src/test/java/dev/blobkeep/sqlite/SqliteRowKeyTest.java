package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.CopyOptions;
import dev.blobkeep.PutOptions;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blob's row is stored under the {@code rowid} its id gives (docs/storage.md), which a read by id
 * seeks first; a row under any other rowid (stored by older code, or whose key another row had)
 * still reads, and a row found under the key must be the id's own.
 */
class SqliteRowKeyTest {
  @TempDir Path tmp;

  /** The id's 48 bits of milliseconds, then its 12 bits after the version (docs/storage.md). */
  private static long rowKey(String id) {
    long msb = UUID.fromString(id).getMostSignificantBits();
    return (msb >>> 16) << 12 | (msb & 0xfff);
  }

  @Test
  void readsByIdFindRowsUnderTheirKeyAndUnderAnyOther() throws Exception {
    Path file = tmp.resolve("keys.db");
    byte[] a = bytes(10_000, 1);
    byte[] b = bytes(12_000, 2);
    byte[] c = bytes(100_000, 3); // above the inline limit: chunk 0 in the chunks table
    try (BlobStore store = BlobStore.open(file.toString())) {
      BlobInfo ia = store.put(a, PutOptions.defaults());
      BlobInfo ib = store.put(b, PutOptions.defaults());
      BlobInfo ic = store.put(c, PutOptions.in("keys").key("c"));
      try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file)) {
        for (BlobInfo i : new BlobInfo[] {ia, ib, ic}) {
          assertThat(rowid(sql, i.id())).as("rowid of %s", i.id()).isEqualTo(rowKey(i.id()));
        }
        // b out of the way, a under b's key, c under a's: every read by id misses its key, and
        // the reads of a and b find another blob's row there first (c's, a's), c's key is empty
        move(sql, ib.id(), 7);
        move(sql, ia.id(), rowKey(ib.id()));
        move(sql, ic.id(), rowKey(ia.id()));
      }
      assertThat(store.getBytes(BlobRef.id(ia.id()))).isEqualTo(a);
      assertThat(store.getBytes(BlobRef.id(ib.id()))).isEqualTo(b);
      assertThat(store.getBytes(BlobRef.id(ic.id()))).isEqualTo(c);
      assertThat(store.getBytes(BlobRef.key("keys", "c"))).isEqualTo(c);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.get(BlobRef.id(ic.id()), out);
      assertThat(out.toByteArray()).isEqualTo(c);
      assertThat(store.info(BlobRef.id(ib.id())).size()).isEqualTo(b.length);
    }
  }

  @Test
  void aBlobWhoseKeyIsTakenIsStoredUnderAnotherAndReads() throws Exception {
    byte[] a = bytes(9_000, 4);
    byte[] x = bytes(11_000, 5);
    try (BlobStore source = BlobStore.open(tmp.resolve("source.db").toString());
        BlobStore target = BlobStore.open(tmp.resolve("target.db").toString())) {
      BlobInfo ia = source.put(a, PutOptions.defaults()); // copied with its id
      BlobInfo ix = target.put(x, PutOptions.defaults());
      try (Connection sql =
          DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("target.db"))) {
        move(sql, ix.id(), rowKey(ia.id()));
        source.copyTo(target, CopyOptions.defaults());
        assertThat(rowid(sql, ia.id())).isNotEqualTo(rowKey(ia.id()));
        assertThat(rowid(sql, ix.id())).isEqualTo(rowKey(ia.id()));
      }
      assertThat(target.getBytes(BlobRef.id(ia.id()))).isEqualTo(a);
      assertThat(target.getBytes(BlobRef.id(ix.id()))).isEqualTo(x);
    }
  }

  private static long rowid(Connection sql, String id) throws SQLException {
    try (PreparedStatement ps =
        sql.prepareStatement("SELECT rowid FROM blobkeep_blobs WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getLong(1);
      }
    }
  }

  private static void move(Connection sql, String id, long rowid) throws SQLException {
    try (PreparedStatement ps =
        sql.prepareStatement("UPDATE blobkeep_blobs SET rowid = ? WHERE id = ?")) {
      ps.setLong(1, rowid);
      ps.setString(2, id);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  private static byte[] bytes(int n, long seed) {
    byte[] out = new byte[n];
    new Random(seed).nextBytes(out);
    return out;
  }
}
