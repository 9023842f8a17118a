package dev.blobkeep.reliability;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.StoreFixture;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A new schema with a random name on the test server ({@link PgServer}); closing drops it. Stores
 * name the schema with {@code currentSchema} in the URL. Processes started with {@link #location()}
 * name their sessions {@code SCHEMA-w}, and {@link #open} first waits for those to end: the server
 * completes a COMMIT it received even after the client that sent it was killed.
 */
final class PgDb implements StoreFixture {
  private static final SecureRandom RANDOM = new SecureRandom();
  final String schema;

  PgDb() {
    PgServer.require();
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    schema = "bk_rel_" + HexFormat.of().formatHex(b);
  }

  @Override
  public BlobStore open(StoreOptions options) {
    awaitWorkerSessions();
    return BlobStore.open(url(schema), options);
  }

  @Override
  public String location() {
    return url(schema + "-w");
  }

  private String url(String applicationName) {
    String base = PgServer.URL.contains("?") ? PgServer.URL + "&" : PgServer.URL + "?";
    return base + "currentSchema=" + schema + "&ApplicationName=" + applicationName;
  }

  /** Waits (up to 30 s) until no session of a worker process is left on the server. */
  void awaitWorkerSessions() {
    long deadline = System.nanoTime() + 30_000_000_000L;
    String busy =
        "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE '" + schema + "-w%'";
    try (Connection c = PgServer.admin();
        Statement s = c.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = s.executeQuery(busy)) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return;
          }
        }
        Thread.sleep(20);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Connection connect() throws SQLException {
    Connection c = PgServer.admin();
    try (Statement s = c.createStatement()) {
      s.execute("SET search_path TO \"" + schema + "\", public");
    }
    return c;
  }

  @Override
  public String table(String name) {
    return "\"" + schema + "\".blobkeep_" + name;
  }

  @Override
  public void close() {
    try (Connection c = PgServer.admin();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("dropping schema " + schema + ": " + e.getMessage(), e);
    }
  }
}
