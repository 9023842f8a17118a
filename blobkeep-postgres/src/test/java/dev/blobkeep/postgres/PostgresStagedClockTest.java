package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.PgServer;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A staged blob's age is measured on the database server's clock, as leases are, never on the clock
 * of the process that collects: the server here runs two days behind this process (its {@code
 * clock_timestamp()} is shadowed in the store's schema, which the store's sessions search before
 * {@code pg_catalog}), and the staged expiry is one day.
 */
@ExtendWith(PgAvailable.class)
class PostgresStagedClockTest {
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final StoreOptions ONE_DAY =
      StoreOptions.defaults().stagedExpiry(Duration.ofDays(1));

  @Test
  void aFreshStageIsKeptAndAStaleOneCollectedByTheServersClock() throws Exception {
    try (PgFixture db = new PgFixture()) {
      db.open(StoreOptions.defaults()).close(); // creates the schema
      PgServer.exec(
          "CREATE FUNCTION \""
              + db.schema()
              + "\".clock_timestamp() RETURNS timestamptz LANGUAGE sql AS"
              + " 'SELECT pg_catalog.clock_timestamp() - interval ''2 days'''");
      String url =
          PgServer.URL
              + "&currentSchema="
              + db.schema()
              + ",pg_catalog&ApplicationName="
              + db.schema();
      try (BlobStore store = BlobStore.open(url, ONE_DAY)) {
        long before = serverNow(db);
        BlobInfo fresh = stage(store, "fresh");
        long after = serverNow(db);
        assertThat(updated(db, fresh.id()))
            .as("the stage's time is the server's (2 days behind this process)")
            .isBetween(before, after);

        BlobInfo stale = stage(store, "stale");
        setUpdated(db, stale.id(), serverNow(db) - DAY - 60_000);
        BlobInfo madeByAnother = stage(store, "another");
        setUpdated(db, madeByAnother.id(), serverNow(db)); // by a writer on the server's clock

        store.gc();

        assertThat(store.listStaged("mp", Map.of(), null, 10).items())
            .extracting(BlobInfo::id)
            .containsExactlyInAnyOrder(fresh.id(), madeByAnother.id());
      }
    }
  }

  private static BlobInfo stage(BlobStore store, String name) {
    byte[] data = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return store.stage(
        new ByteArrayInputStream(data), data.length, PutOptions.in("mp").meta(Map.of("n", name)));
  }

  /** The shadowed server clock, in epoch milliseconds. */
  private static long serverNow(PgFixture db) throws SQLException {
    return single(
        db,
        "SELECT CAST(EXTRACT(EPOCH FROM \""
            + db.schema()
            + "\".clock_timestamp()) * 1000 AS bigint)");
  }

  private static long updated(PgFixture db, String id) throws SQLException {
    return single(db, "SELECT updated FROM " + db.table("blobs") + " WHERE id = '" + id + "'");
  }

  private static void setUpdated(PgFixture db, String id, long millis) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE " + db.table("blobs") + " SET updated = " + millis + " WHERE id = '" + id + "'");
    }
  }

  private static long single(PgFixture db, String query) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
