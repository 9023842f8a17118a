package dev.blobkeep.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The statements that verify, gc, purge and listing repeat go through the prepared-statement cache
 * (they were prepared afresh on every use). In this package to see the cache; on SQLite, whose
 * driver makes preparing the dominant cost of small statements. It lives in the bench module, whose
 * tests run on the class path: in blobkeep-sqlite its package would be split between the named
 * modules dev.blobkeep and dev.blobkeep.sqlite.
 */
class StatementCacheTest {
  @TempDir Path tmp;

  @Test
  void verifyGcPurgeAndListingKeepTheirStatements() {
    StoreOptions one = StoreOptions.defaults().poolSize(1); // every call on the same connection
    try (BlobStore store = BlobStore.open(tmp.resolve("c.db").toString(), one)) {
      BlobInfo kept = store.put(new byte[] {1}, PutOptions.at("b", "kept").meta(Map.of("n", 1)));
      BlobInfo gone = store.put(new byte[] {2}, PutOptions.at("b", "gone"));
      store.delete(gone.ref());
      store.verifyAll();
      store.gc();
      store.list(Query.bucket("b"));
      store.list(Query.bucket("b").where("n", 1));

      PooledSession s = ((Engine) store).session();
      Sql sql = s.sql();
      String listing =
          "SELECT " + Sql.ROW_COLUMNS + " FROM " + sql.blobs + " WHERE state = ? AND bucket = ?";
      s.read(
          "checking the cache",
          c -> {
            Statements cache = s.statements();
            assertThat(cache.keeps(c, sql.liveRowsAfter)).as("verify's page query").isTrue();
            assertThat(cache.keeps(c, sql.leftovers)).as("gc's leftovers query").isTrue();
            assertThat(cache.keeps(c, sql.chunkIndexes)).as("purge's chunk query").isTrue();
            assertThat(cache.keeps(c, listing + " ORDER BY id LIMIT ?"))
                .as("a listing by bucket")
                .isTrue();
            return null;
          });
      assertThat(store.info(kept.ref()).size()).isEqualTo(1);
    }
  }
}
