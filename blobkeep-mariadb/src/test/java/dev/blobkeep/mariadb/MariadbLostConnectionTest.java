package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.JdbcUrls;
import dev.blobkeep.testkit.LostConnectionContract;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import dev.blobkeep.testkit.MariaDbServer;
import dev.blobkeep.testkit.StoreFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lost connections on MariaDB: sessions ended by {@code KILL CONNECTION}; Connector/J sends
 * statements as text, values included, so the cutting proxy sees the SQL.
 */
@ExtendWith(MariaDbAvailable.class)
class MariadbLostConnectionTest extends LostConnectionContract {
  private MariaDbFixture db;

  @Override
  protected StoreFixture newFixture() {
    db = new MariaDbFixture();
    return db;
  }

  /**
   * {@code KILL CONNECTION} for every session whose default database is the fixture's (the store's
   * pool; the administrator's session uses another), then waits until the server has ended them
   * (the pool may have made new ones by then).
   */
  @Override
  protected void endSessions() throws Exception {
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
      assertThat(ids).as("sessions of the store").isNotEmpty();
      for (long id : ids) {
        s.execute("KILL CONNECTION " + id);
      }
      String killed =
          "SELECT count(*) FROM information_schema.processlist WHERE id IN ("
              + ids.stream().map(String::valueOf).collect(Collectors.joining(", "))
              + ")";
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (true) {
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
  }

  @Override
  protected int serverPort() {
    return JdbcUrls.port(MariaDbServer.URL, 3306);
  }

  @Override
  protected BlobStore openThrough(int port) {
    String url = db.location().replace(JdbcUrls.authority(MariaDbServer.URL), "127.0.0.1:" + port);
    assertThat(url).contains(":" + port + "/");
    return BlobStore.open(url, StoreOptions.defaults());
  }
}
