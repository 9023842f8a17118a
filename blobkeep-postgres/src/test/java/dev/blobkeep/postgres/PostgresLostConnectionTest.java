package dev.blobkeep.postgres;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.JdbcUrls;
import dev.blobkeep.testkit.LostConnectionContract;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.PgServer;
import dev.blobkeep.testkit.StoreFixture;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.extension.ExtendWith;

/** Lost connections on PostgreSQL: sessions ended by {@code pg_terminate_backend}. */
@ExtendWith(PgAvailable.class)
class PostgresLostConnectionTest extends LostConnectionContract {
  private PgFixture db;

  @Override
  protected StoreFixture newFixture() {
    db = new PgFixture();
    return db;
  }

  /** The fixture's stores name their sessions after the schema ({@code ApplicationName}). */
  @Override
  protected void endSessions() throws Exception {
    try (Connection c = PgServer.admin();
        Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
              + db.schema()
              + "'");
    }
    Thread.sleep(50);
  }

  @Override
  protected int serverPort() {
    return JdbcUrls.port(PgServer.URL, 5432);
  }

  @Override
  protected BlobStore openThrough(int port) {
    String url =
        PgServer.URL.replace(JdbcUrls.authority(PgServer.URL), "127.0.0.1:" + port)
            + "&currentSchema="
            + db.schema()
            + "&ApplicationName="
            + db.schema();
    return BlobStore.open(url, StoreOptions.defaults().schema(db.schema()));
  }
}
