package dev.blobkeep.testkit;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A new schema with a random name on the {@link PgServer}; closing drops it. Stores name the schema
 * with {@code currentSchema} in the URL. Creating one skips the calling test (fails it under {@code
 * CI=true}) when the server cannot be reached. Not thread-safe; the stores it opens are.
 */
public final class PgFixture implements StoreFixture {
  private final String schema;

  /** A new schema name; the schema itself is created by the first store opened on it. */
  public PgFixture() {
    PgServer.require();
    schema = PgServer.newSchema();
  }

  /** The schema's name, {@code bk_test_} and 12 hex digits. */
  public String schema() {
    return schema;
  }

  /**
   * Opens a store in this JVM, after the sessions of killed worker processes have finished: the
   * server completes a COMMIT it received even if the client died right after sending it, so a dead
   * worker's last transaction may still commit for a moment after its process is gone.
   */
  @Override
  public BlobStore open(StoreOptions options) {
    awaitWorkerSessions();
    return BlobStore.open(url(schema), options);
  }

  /** Opens a store through {@code dataSource} in this fixture's schema. */
  @Override
  public BlobStore open(DataSource dataSource, StoreOptions options) {
    return BlobStore.open(dataSource, options.schema(schema));
  }

  /**
   * The server URL with this fixture's schema as {@code currentSchema}, for other processes: their
   * sessions are named {@code SCHEMA-w}.
   */
  @Override
  public String location() {
    return url(schema + "-w");
  }

  private String url(String applicationName) {
    return PgServer.withParameters(
        "currentSchema=" + schema + "&ApplicationName=" + applicationName);
  }

  /** Waits (up to 30 s) until no session of a worker process is left on the server. */
  private void awaitWorkerSessions() {
    String busy =
        "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE '" + schema + "-w%'";
    try {
      CountPoll.untilZero(
          PgServer.admin(), busy, Duration.ofSeconds(30), Duration.ofMillis(20), e -> false);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Waits (up to 60 s) until every lease in the schema's lease table has expired. */
  @Override
  public void awaitDeadOwners() {
    String live =
        "SELECT count(*) FROM "
            + table("leases")
            + " WHERE expires >= CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS bigint)";
    boolean expired;
    try {
      expired =
          CountPoll.untilZero(
              PgServer.admin(),
              live,
              Duration.ofSeconds(60),
              Duration.ofMillis(50),
              e -> "42P01".equals(e.getSQLState()));
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    if (!expired && !Thread.currentThread().isInterrupted()) {
      throw new IllegalStateException("leases in schema " + schema + " still live after 60 s");
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
    PgServer.drop(schema);
  }
}
