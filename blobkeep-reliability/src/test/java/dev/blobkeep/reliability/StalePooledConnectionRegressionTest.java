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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Regression test for a bug the suite found: after the server ended the store's sessions (a
 * restart, a failover, {@code pg_terminate_backend}), the next call on each dead pooled connection
 * failed with "the connection to server ... was lost", although the server was reachable. It guards
 * that reads right after the server ended every session of the pool work at once, with no retry by
 * the caller; it checks that sessions really were ended.
 */
@ExtendWith(PgAvailable.class)
class StalePooledConnectionRegressionTest {
  @Test
  void readsAfterTheServerEndedThePoolsSessionsWork() throws Exception {
    try (PgFixture db = new PgFixture();
        BlobStore store = db.open(StoreOptions.defaults().poolSize(4))) {
      store.put(new byte[] {1, 2, 3}, PutOptions.at("b", "k"));
      try (Connection c = PgServer.admin();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000))"
                      + " FROM pg_stat_activity WHERE application_name = ?")) {
        ps.setString(1, db.schema());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getLong(1)).as("sessions of the store ended").isPositive();
        }
      }
      for (int i = 0; i < 8; i++) {
        assertThat(store.getBytes(BlobRef.key("b", "k"))).containsExactly(1, 2, 3);
      }
    }
  }
}
