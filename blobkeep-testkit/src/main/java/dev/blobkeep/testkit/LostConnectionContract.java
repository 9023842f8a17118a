package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connections lost under the statements the store keeps prepared on its pool's physical
 * connections, for the server backends: the pool still drops a connection the server ended, and a
 * one-statement put whose connection is lost after the server committed it is reported as stored,
 * once.
 */
public abstract class LostConnectionContract {
  /** Text of the client packet that a small keyless put sends: its one INSERT, content inline. */
  private static final String KEYLESS_SMALL_PUT = "inline_data, inline_crc) VALUES";

  protected StoreFixture fixture;

  /** A fresh, empty database for one test. */
  protected abstract StoreFixture newFixture();

  /** Ends on the server every session of the stores open on the fixture's database. */
  protected abstract void endSessions() throws Exception;

  /** The server's port on 127.0.0.1, where a {@link CuttingProxy} forwards. */
  protected abstract int serverPort();

  /** Opens a store on the fixture's existing store through a proxy listening on {@code port}. */
  protected abstract BlobStore openThrough(int port);

  @BeforeEach
  void newDatabase() {
    fixture = newFixture();
  }

  @AfterEach
  void drop() {
    fixture.close();
  }

  /** Pool of ONE connection: a retry can only succeed if the pool evicted the dead one. */
  @Test
  void deadConnectionIsEvictedEvenThoughStatementsRunOnTheRawConnection() throws Exception {
    try (BlobStore store = fixture.open(StoreOptions.defaults().poolSize(1))) {
      store.put(new byte[] {1, 2, 3}, PutOptions.at("b", "k"));
      for (int round = 0; round < 3; round++) {
        endSessions();
        assertThat(store.getBytes(BlobRef.key("b", "k"))).containsExactly(1, 2, 3);
        endSessions();
        BlobInfo k = store.put(new byte[] {4, 5}); // keyless small: one statement
        assertThat(store.getBytes(k.ref())).containsExactly(4, 5);
        endSessions();
        byte[] big = Bytes.random(9 * 1024 * 1024, round); // staging path
        BlobInfo b = store.put(big, PutOptions.at("b", "big"));
        assertThat(store.getBytes(b.ref())).isEqualTo(big);
      }
    }
  }

  @Test
  void aKeylessSmallPutWhoseConnectionIsLostAfterTheCommitIsStoredOnceAndReported()
      throws Exception {
    try (CuttingProxy proxy = new CuttingProxy(serverPort(), KEYLESS_SMALL_PUT)) {
      fixture.open(StoreOptions.defaults()).close(); // create the store directly
      try (BlobStore store = openThrough(proxy.port())) {
        proxy.arm();
        BlobInfo info = store.put(new byte[] {7, 7, 7});
        assertThat(proxy.cuts()).as("connections cut after the commit").isEqualTo(1);
        assertThat(store.getBytes(info.ref())).containsExactly(7, 7, 7);
        assertThat(blobRows()).as("rows stored").isEqualTo(1);
      }
    }
  }

  private long blobRows() throws SQLException {
    try (var c = fixture.connect();
        var s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM " + fixture.table("blobs"))) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
