package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.PgServer;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bug the suite found, as the test that passes once it is fixed: after the server ends the
 * store's sessions (a restart, a failover, {@code pg_terminate_backend}), the next call on each
 * dead pooled connection fails with "the connection to server ... was lost ... retry when the
 * server is reachable again", although the server is reachable. {@code PooledSession.run} retries
 * only lock conflicts; a read (or a write whose transaction never reached COMMIT) could be retried
 * once on a new connection.
 */
@ExtendWith(PgAvailable.class)
class StalePooledConnectionBugTest {
  @Test
  void readsAfterTheServerEndedThePoolsSessionsWork() throws Exception {
    try (PgFixture db = new PgFixture();
        BlobStore store = db.open(StoreOptions.defaults().poolSize(4))) {
      store.put(new byte[] {1, 2, 3}, PutOptions.at("b", "k"));
      try (Connection c = PgServer.admin();
          Statement s = c.createStatement()) {
        s.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                + db.schema()
                + "'");
      }
      Thread.sleep(100);
      for (int i = 0; i < 8; i++) {
        assertThat(store.getBytes(BlobRef.key("b", "k"))).containsExactly(1, 2, 3);
      }
    }
  }
}
