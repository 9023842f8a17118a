package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.StoreOptions;
import dev.blobkeep.spi.Backend;
import dev.blobkeep.testkit.CuttingProxy;
import dev.blobkeep.testkit.JdbcUrls;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store's session settings survive Connector/J's failover: a pooled connection of a multi-host
 * URL ({@code sequential:}) whose server went away is moved by the driver to the next host, where
 * the session must have the store's settings again. Checked here: the lock wait and {@code
 * sql_mode}, beside a session variable of the caller's own; {@code wsrep_sync_wait} (Galera) and
 * {@code tx_read_only} (a read-only store) travel in the same parameter, not checked on this plain
 * server. The two hosts are two proxies in front of the one MariaDB server; closing the first ends
 * the pooled connection's session.
 */
@ExtendWith(MariaDbAvailable.class)
class MariadbSessionFailoverTest {
  private String database;
  private CuttingProxy first;
  private CuttingProxy second;

  @BeforeEach
  void proxies() throws Exception {
    database = MariaDbServer.newDatabase();
    int port = JdbcUrls.port(MariaDbServer.URL, 3306);
    // a trigger no statement contains: the proxies only forward, until closed
    first = new CuttingProxy(port, "\u0000 never sent \u0000");
    second = new CuttingProxy(port, "\u0000 never sent \u0000");
  }

  @AfterEach
  void drop() throws Exception {
    first.close();
    second.close();
    MariaDbServer.drop(database);
  }

  @Test
  void aConnectionMovedToTheNextHostHasTheStoresSessionAgain() throws Exception {
    int q = MariaDbServer.URL.indexOf('?');
    String query = q < 0 ? "?" : MariaDbServer.URL.substring(q) + "&";
    String url =
        "jdbc:mariadb:sequential://127.0.0.1:"
            + first.port()
            + ",127.0.0.1:"
            + second.port()
            + "/"
            + database
            + query
            + "sessionVariables=auto_increment_increment=7";
    StoreOptions options = StoreOptions.defaults().lockTimeout(Duration.ofSeconds(9)).poolSize(1);
    Backend backend = new MariadbProvider().open(url, options);
    try (Connection c = backend.dataSource().getConnection()) {
      assertThat(session(c)).as("before the failover").isEqualTo(expected());
      first.close(); // the session's server goes away
      String after;
      try {
        after = session(c);
      } catch (SQLException moved) {
        // the driver reconnected to the next host and reports it; the next statement runs there
        after = session(c);
      }
      assertThat(after).as("on the next host, after the failover").isEqualTo(expected());
    } finally {
      backend.onClose().run();
    }
  }

  /** The store's settings and the caller's own session variable, kept beside them. */
  private static String expected() {
    return "9|" + MariadbSettings.SQL_MODE + "|7";
  }

  private static String session(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT @@session.innodb_lock_wait_timeout, @@session.sql_mode,"
                    + " @@session.auto_increment_increment")) {
      rs.next();
      return rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getLong(3);
    }
  }
}
