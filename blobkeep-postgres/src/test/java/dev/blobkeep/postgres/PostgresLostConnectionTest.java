package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.CuttingProxy;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.PgServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgAvailable.class)
/**
 * Connections lost under the statements the store keeps prepared on its pool's physical
 * connections: the pool still drops a connection the server ended, and a one-statement put whose
 * connection is lost after the server committed it is reported as stored, once.
 */
class PostgresLostConnectionTest {

  private static void terminate(String app) throws Exception {
    try (Connection c = PgServer.admin();
        Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
              + app
              + "'");
    }
  }

  /** Pool of ONE connection: a retry can only succeed if Hikari evicted the dead one. */
  @Test
  void deadConnectionIsEvictedEvenThoughStatementsRunOnTheRawConnection() throws Exception {
    try (PgFixture db = new PgFixture();
        BlobStore store = db.open(StoreOptions.defaults().poolSize(1))) {
      store.put(new byte[] {1, 2, 3}, PutOptions.at("b", "k"));
      for (int round = 0; round < 3; round++) {
        terminate(db.schema());
        Thread.sleep(50);
        assertThat(store.getBytes(BlobRef.key("b", "k"))).containsExactly(1, 2, 3);
        terminate(db.schema());
        Thread.sleep(50);
        BlobInfo k = store.put(new byte[] {4, 5}); // keyless small: writeStatement (CTE)
        assertThat(store.getBytes(k.ref())).containsExactly(4, 5);
        terminate(db.schema());
        Thread.sleep(50);
        byte[] big = Bytes.random(9 * 1024 * 1024, round); // staging path
        BlobInfo b = store.put(big, PutOptions.at("b", "big"));
        assertThat(store.getBytes(b.ref())).isEqualTo(big);
      }
    }
  }

  @Test
  void aKeylessSmallPutWhoseConnectionIsLostAfterTheCommitIsStoredOnceAndReported()
      throws Exception {
    try (PgFixture db = new PgFixture();
        // A small keyless put is one statement: its content is inline in the blob row.
        CuttingProxy proxy = new CuttingProxy(5432, "inline_data, inline_crc) VALUES")) {
      db.open(StoreOptions.defaults()).close(); // create the schema directly
      String url =
          PgServer.URL.replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port())
              + "&currentSchema="
              + db.schema()
              + "&ApplicationName="
              + db.schema();
      try (BlobStore store = BlobStore.open(url, StoreOptions.defaults().schema(db.schema()))) {
        proxy.arm();
        BlobInfo info = store.put(new byte[] {7, 7, 7});
        assertThat(proxy.cuts()).as("connections cut after the commit").isEqualTo(1);
        assertThat(store.getBytes(info.ref())).containsExactly(7, 7, 7);
        try (Connection c = PgServer.admin();
            Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery("SELECT count(*) FROM \"" + db.schema() + "\".blobkeep_blobs")) {
          rs.next();
          assertThat(rs.getLong(1)).as("rows stored").isEqualTo(1);
        }
      }
    }
  }
}
