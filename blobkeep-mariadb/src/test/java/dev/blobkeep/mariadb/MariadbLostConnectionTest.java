package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.CuttingProxy;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import dev.blobkeep.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connections lost under the statements the store keeps prepared on its pool's physical
 * connections: the pool still drops a connection the server ended ({@code KILL CONNECTION}), and a
 * one-statement put whose connection is lost after the server committed it is reported as stored,
 * once.
 */
@ExtendWith(MariaDbAvailable.class)
class MariadbLostConnectionTest {
  private MariaDbFixture db;

  @BeforeEach
  void database() {
    db = new MariaDbFixture();
  }

  @AfterEach
  void drop() {
    db.close();
  }

  /** Pool of ONE connection: a retry can only succeed if Hikari evicted the dead one. */
  @Test
  void deadConnectionIsEvictedEvenThoughStatementsRunOnTheRawConnection() throws Exception {
    try (BlobStore store = db.open(StoreOptions.defaults().poolSize(1))) {
      store.put(new byte[] {1, 2, 3}, PutOptions.at("b", "k"));
      for (int round = 0; round < 3; round++) {
        assertThat(killSessions()).as("sessions of the store killed").isNotZero();
        assertThat(store.getBytes(BlobRef.key("b", "k"))).containsExactly(1, 2, 3);
        assertThat(killSessions()).isNotZero();
        BlobInfo k = store.put(new byte[] {4, 5}); // keyless small: one statement
        assertThat(store.getBytes(k.ref())).containsExactly(4, 5);
        assertThat(killSessions()).isNotZero();
        byte[] big = Bytes.random(9 * 1024 * 1024, round); // staging path
        BlobInfo b = store.put(big, PutOptions.at("b", "big"));
        assertThat(store.getBytes(b.ref())).isEqualTo(big);
      }
    }
  }

  @Test
  void aKeylessSmallPutWhoseConnectionIsLostAfterTheCommitIsStoredOnceAndReported()
      throws Exception {
    // A small keyless put is one statement: its content is inline in the blob row. Connector/J
    // sends it as text, values included, so the proxy sees the SQL.
    try (CuttingProxy proxy = new CuttingProxy(3306, "inline_data, inline_crc) VALUES")) {
      db.open(StoreOptions.defaults()).close(); // create the tables directly
      String url = db.location().replace("127.0.0.1:3306", "127.0.0.1:" + proxy.port());
      assertThat(url).contains(":" + proxy.port() + "/");
      try (BlobStore store = BlobStore.open(url, StoreOptions.defaults())) {
        proxy.arm();
        BlobInfo info = store.put(new byte[] {7, 7, 7});
        assertThat(proxy.cuts()).as("connections cut after the commit").isEqualTo(1);
        assertThat(store.getBytes(info.ref())).containsExactly(7, 7, 7);
        try (Connection c = MariaDbServer.admin();
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT count(*) FROM " + db.table("blobs"))) {
          rs.next();
          assertThat(rs.getLong(1)).as("rows stored").isEqualTo(1);
        }
      }
    }
  }

  /**
   * {@code KILL CONNECTION} for every session whose default database is the fixture's (the store's
   * pool; the administrator's session uses another), then waits until the server has ended them
   * (the pool may have made new ones by then). Returns how many were killed.
   */
  private int killSessions() throws Exception {
    String sessions =
        "SELECT id FROM information_schema.processlist WHERE db = '"
            + db.database()
            + "' AND id <> connection_id()";
    List<Long> ids = new ArrayList<>();
    try (Connection c = MariaDbServer.admin();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(sessions)) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      for (long id : ids) {
        s.execute("KILL CONNECTION " + id);
      }
      String killed =
          "SELECT count(*) FROM information_schema.processlist WHERE id IN ("
              + ids.stream().map(String::valueOf).collect(Collectors.joining(", "))
              + ")";
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!ids.isEmpty()) {
        try (ResultSet rs = s.executeQuery(killed)) {
          rs.next();
          if (rs.getLong(1) == 0) {
            break;
          }
        }
        assertThat(System.nanoTime()).as("killed sessions gone within 10 s").isLessThan(deadline);
        Thread.sleep(10);
      }
    }
    return ids.size();
  }
}
