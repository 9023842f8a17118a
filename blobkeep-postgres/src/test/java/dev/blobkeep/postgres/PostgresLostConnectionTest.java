package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.PgServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * A TCP proxy that, once armed, forwards the client's insert of a blob row (a small keyless put
   * is that one statement: its content is inline in the row) to the server, waits for the server's
   * answer (the auto-commit statement has committed), and then cuts the connection instead of
   * forwarding the answer: a connection lost after the commit.
   */
  static final class CuttingProxy implements AutoCloseable {
    final ServerSocket server;
    final AtomicBoolean armed = new AtomicBoolean();
    final AtomicInteger cuts = new AtomicInteger();
    final List<Socket> sockets = new ArrayList<>();
    final ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r);
              t.setDaemon(true);
              return t;
            });

    CuttingProxy() throws Exception {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      pool.submit(this::acceptLoop);
    }

    int port() {
      return server.getLocalPort();
    }

    private Void acceptLoop() throws Exception {
      while (!server.isClosed()) {
        Socket client = server.accept();
        Socket up = new Socket("127.0.0.1", 5432);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(up);
        }
        AtomicBoolean cutNext = new AtomicBoolean();
        pool.submit(() -> pump(client, up, true, cutNext));
        pool.submit(() -> pump(up, client, false, cutNext));
      }
      return null;
    }

    private Void pump(Socket from, Socket to, boolean clientToServer, AtomicBoolean cutNext) {
      byte[] buf = new byte[65536];
      try (InputStream in = from.getInputStream()) {
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buf)) > 0) {
          if (clientToServer) {
            String s = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            if (armed.get() && s.contains("inline_data, inline_crc) VALUES")) {
              armed.set(false);
              cutNext.set(true);
            }
          } else if (cutNext.get()) {
            Thread.sleep(200); // the server answered: the statement committed
            cuts.incrementAndGet();
            from.close();
            to.close();
            return null;
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (Exception e) {
        // closed
      }
      try {
        from.close();
        to.close();
      } catch (Exception ignored) {
      }
      return null;
    }

    @Override
    public void close() throws java.io.IOException {
      server.close();
      synchronized (sockets) {
        for (Socket s : sockets) {
          s.close();
        }
      }
      pool.shutdownNow();
    }
  }

  @Test
  void aKeylessSmallPutWhoseConnectionIsLostAfterTheCommitIsStoredOnceAndReported()
      throws Exception {
    try (PgFixture db = new PgFixture();
        CuttingProxy proxy = new CuttingProxy()) {
      db.open(StoreOptions.defaults()).close(); // create the schema directly
      String url =
          PgServer.URL.replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port())
              + "&currentSchema="
              + db.schema()
              + "&ApplicationName="
              + db.schema();
      try (BlobStore store = BlobStore.open(url, StoreOptions.defaults().schema(db.schema()))) {
        proxy.armed.set(true);
        BlobInfo info = store.put(new byte[] {7, 7, 7});
        assertThat(proxy.cuts.get()).as("connections cut after the commit").isEqualTo(1);
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
