package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.SqliteFixture;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for a bug the suite found on a full tmpfs: {@code delete} and a {@code put} that
 * replaces a key commit their change first, then purge the old chunks in further short
 * transactions; when that purge failed (a full disk, a lost connection) the call threw although its
 * change was already committed, breaking "either completes or throws and leaves stored data as it
 * was". They guard that such a call now returns normally with its change in place, that the
 * leftover chunks are invisible and removed by {@code gc} once the fault is gone, and that inside a
 * caller's transaction the failure is still thrown and rolls everything back. A trigger makes every
 * chunk delete fail; each test checks that the fault really hit (rows left unpurged).
 */
class PurgeAfterCommitRegressionTest {
  private static final BlobRef REF = BlobRef.key("b", "k");

  /** Content too large to be kept inline in the blob's row: it has chunk rows to purge. */
  private static final byte[] OLD = new byte[40 * 1024];

  static {
    java.util.Arrays.fill(OLD, (byte) 1);
  }

  @Test
  void aDeleteWhosePurgeFailsReturnsAndTheBlobIsGone() throws Exception {
    try (SqliteFixture db = new SqliteFixture();
        BlobStore store = db.open(StoreOptions.defaults())) {
      store.put(OLD, PutOptions.at("b", "k"));
      failChunkDeletes(db, true);

      store.delete(REF); // must not throw: the delete is committed

      assertThat(db.rowsNotReady()).as("retired rows the failed purge left").isPositive();
      assertThat(store.exists(REF)).isFalse();
      assertThatThrownBy(() -> store.getBytes(REF)).isInstanceOf(BlobNotFoundException.class);
      assertThat(store.verifyAll().problems()).isEmpty();
      failChunkDeletes(db, false);
      store.gc();
      assertThat(db.rowsNotReady()).as("rows left after gc").isZero();
      assertThat(chunkRows(db)).isZero();
    }
  }

  @Test
  void aReplacingPutWhosePurgeFailsReturnsAndTheKeyHoldsTheNewContent() throws Exception {
    try (SqliteFixture db = new SqliteFixture();
        BlobStore store = db.open(StoreOptions.defaults())) {
      store.put(OLD, PutOptions.at("b", "k"));
      failChunkDeletes(db, true);

      store.put(new byte[] {4, 5, 6}, PutOptions.at("b", "k")); // must not throw

      assertThat(db.rowsNotReady()).as("retired rows the failed purge left").isPositive();
      assertThat(store.getBytes(REF)).containsExactly(4, 5, 6);
      assertThat(store.verifyAll().problems()).isEmpty();
      failChunkDeletes(db, false);
      store.gc();
      assertThat(db.rowsNotReady()).as("rows left after gc").isZero();
      assertThat(store.getBytes(REF)).containsExactly(4, 5, 6);
    }
  }

  @Test
  void aDeleteWhosePurgeFailsInsideATransactionThrowsAndKeepsTheBlob() throws Exception {
    try (SqliteFixture db = new SqliteFixture();
        BlobStore store = db.open(StoreOptions.defaults())) {
      store.put(OLD, PutOptions.at("b", "k"));
      failChunkDeletes(db, true);

      assertThatThrownBy(() -> store.useTransaction(tx -> tx.delete(REF)))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("simulated I/O error");

      assertThat(store.getBytes(REF)).isEqualTo(OLD);
      assertThat(db.rowsNotReady()).isZero();
      assertThat(store.verifyAll().problems()).isEmpty();
    }
  }

  /**
   * With {@code on}, every later DELETE on the chunks table fails, as on a disk that has just
   * filled up; without, the fault is removed.
   */
  private static void failChunkDeletes(SqliteFixture db, boolean on) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          on
              ? "CREATE TRIGGER fail_purge BEFORE DELETE ON "
                  + db.table("chunks")
                  + " BEGIN SELECT RAISE(ABORT, 'simulated I/O error'); END"
              : "DROP TRIGGER fail_purge");
    }
  }

  private static long chunkRows(SqliteFixture db) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM " + db.table("chunks"))) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
