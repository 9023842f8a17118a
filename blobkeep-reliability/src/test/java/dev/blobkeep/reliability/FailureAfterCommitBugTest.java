package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A bug the suite found (on a full tmpfs), as the tests that pass once it is fixed: {@code delete}
 * and a {@code put} that replaces a key commit their change first, then purge the old chunks in
 * further transactions ({@code Purge.blob}); when the purge fails (a full disk, a lost connection)
 * the call throws although its change is already committed, breaking the contract "either completes
 * or throws and leaves stored data as it was". A trigger makes the purge fail here.
 */
class FailureAfterCommitBugTest {
  @Test
  void aDeleteThatThrowsLeavesTheBlob() throws Exception {
    try (SqliteFixture db = new SqliteFixture();
        BlobStore store = db.open(StoreOptions.defaults())) {
      store.put(new byte[] {1, 2, 3}, PutOptions.at("b", "k"));
      failChunkDeletes(db);
      try {
        store.delete(BlobRef.key("b", "k"));
      } catch (StoreException e) {
        assertThat(store.exists(BlobRef.key("b", "k")))
            .as("delete threw (%s), so the blob must still be there", e.getMessage())
            .isTrue();
      }
    }
  }

  @Test
  void aReplacingPutThatThrowsLeavesTheOldContent() throws Exception {
    try (SqliteFixture db = new SqliteFixture();
        BlobStore store = db.open(StoreOptions.defaults())) {
      store.put(new byte[] {1, 2, 3}, PutOptions.at("b", "k"));
      failChunkDeletes(db);
      try {
        store.put(new byte[] {4, 5, 6}, PutOptions.at("b", "k"));
      } catch (StoreException e) {
        assertThat(store.getBytes(BlobRef.key("b", "k")))
            .as("put threw (%s), so the old content must still be there", e.getMessage())
            .containsExactly(1, 2, 3);
      }
    }
  }

  /** Every later DELETE on the chunks table fails, as on a disk that has just filled up. */
  private static void failChunkDeletes(SqliteFixture db) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TRIGGER fail_purge BEFORE DELETE ON blobkeep_chunks"
              + " BEGIN SELECT RAISE(ABORT, 'simulated I/O error'); END");
    }
  }
}
