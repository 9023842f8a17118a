package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import dev.blobkeep.testkit.MixedLoad;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sixteen threads mix puts, in-place writes, resizes, deletes, user-field updates, ranged reads and
 * listings ({@link MixedLoad}) on one MariaDB store for {@code blobkeep.mariadb.mixed.seconds}
 * (default 15): no error reaches a caller but the documented ones, no update is lost, every owned
 * blob ends as its last writer left it, no shared blob is torn, verify finds nothing and no row is
 * left pending.
 */
@ExtendWith(MariaDbAvailable.class)
class MariadbMixedLoadTest {
  private static final int THREADS = 16;
  private static final long SECONDS = Long.getLong("blobkeep.mariadb.mixed.seconds", 15);

  @Test
  void sixteenThreadsKeepEveryInvariant() throws Exception {
    long seed = new Random().nextLong();
    try (MariaDbFixture db = new MariaDbFixture()) {
      MixedLoad.Result r;
      try (BlobStore store = db.open(StoreOptions.defaults().poolSize(THREADS + 2))) {
        r = MixedLoad.run(store, "p0", THREADS, SECONDS, seed);
      }
      assertThat(r.failures()).as("failures (seed %d)", seed).isEmpty();
      assertThat(r.lost()).as("lost updates (seed %d)", seed).isZero();
      assertThat(r.operations()).as("operations").isPositive();
      try (BlobStore store = db.open(StoreOptions.defaults())) {
        for (Map.Entry<String, String> e : r.finalState().entrySet()) {
          BlobRef ref = BlobRef.key(MixedLoad.BUCKET, e.getKey());
          if (e.getValue().equals("-")) {
            assertThat(store.exists(ref)).as("%s was deleted last", ref).isFalse();
          } else {
            assertThat(Bytes.sha256(store.getBytes(ref))).as("%s", ref).isEqualTo(e.getValue());
          }
        }
        for (int k = 0; k < MixedLoad.SHARED_KEYS; k++) {
          BlobRef ref = BlobRef.key(MixedLoad.BUCKET, "shared" + k);
          if (store.exists(ref)) {
            assertThat(MixedLoad.isWhole(store.getBytes(ref))).as("%s is whole", ref).isTrue();
          }
        }
        assertThat(store.verifyAll().problems()).isEmpty();
      }
      assertThat(db.rowsNotReady()).as("rows not ready after the run").isZero();
      System.out.println(
          "MariaDB mixed load: "
              + r.operations()
              + " operations in "
              + SECONDS
              + " s, "
              + r.documented()
              + " documented not-found/expired");
    }
  }
}
