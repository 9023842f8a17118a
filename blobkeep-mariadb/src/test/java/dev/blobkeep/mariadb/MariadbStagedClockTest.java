package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A staged blob's age is measured on the database server's clock ({@code SYSDATE(3)}, in epoch
 * milliseconds), as leases are: the stage is stamped by the server, and gc keeps a stage one minute
 * younger than the expiry and collects one a minute older, by the server's time.
 *
 * <p>Unlike the PostgreSQL form, this cannot run the server's clock apart from this process's:
 * MariaDB's {@code SYSDATE()} ignores {@code SET timestamp} and a built-in function cannot be
 * shadowed, and the server here shares this machine's clock. What fails here is a stamp or a cutoff
 * not in epoch milliseconds (a wrong unit, a misplaced time); a stamp from this process's clock
 * instead of the server's would pass here, and only the PostgreSQL form catches it.
 */
@ExtendWith(MariaDbAvailable.class)
class MariadbStagedClockTest {
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long MINUTE = Duration.ofMinutes(1).toMillis();
  private static final StoreOptions ONE_DAY =
      StoreOptions.defaults().stagedExpiry(Duration.ofDays(1));

  @Test
  void aStageIsStampedByTheServerAndCollectedOnceOlderThanTheExpiryByItsClock() throws Exception {
    try (MariaDbFixture db = new MariaDbFixture();
        BlobStore store = db.open(ONE_DAY)) {
      long before = serverNow(db);
      BlobInfo fresh = stage(store, "fresh");
      long after = serverNow(db);
      assertThat(updated(db, fresh.id()))
          .as("the stage's time is the server's, in epoch milliseconds")
          .isBetween(before, after);

      BlobInfo stale = stage(store, "stale");
      setUpdated(db, stale.id(), serverNow(db) - DAY - MINUTE);
      BlobInfo young = stage(store, "young");
      setUpdated(db, young.id(), serverNow(db) - DAY + MINUTE);

      store.gc();

      assertThat(store.listStaged("mp", Map.of(), null, 10).items())
          .extracting(BlobInfo::id)
          .containsExactlyInAnyOrder(fresh.id(), young.id());
    }
  }

  private static BlobInfo stage(BlobStore store, String name) {
    byte[] data = name.getBytes(StandardCharsets.UTF_8);
    return store.stage(
        new ByteArrayInputStream(data), data.length, PutOptions.in("mp").meta(Map.of("n", name)));
  }

  /** The server's clock, in epoch milliseconds. */
  private static long serverNow(MariaDbFixture db) throws SQLException {
    return single(db, "SELECT CAST(UNIX_TIMESTAMP(SYSDATE(3)) * 1000 AS SIGNED)");
  }

  private static long updated(MariaDbFixture db, String id) throws SQLException {
    return single(db, "SELECT updated FROM " + db.table("blobs") + " WHERE id = '" + id + "'");
  }

  private static void setUpdated(MariaDbFixture db, String id, long millis) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE " + db.table("blobs") + " SET updated = " + millis + " WHERE id = '" + id + "'");
    }
  }

  private static long single(MariaDbFixture db, String query) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
