package dev.blobkeep.testkit;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A new database with a random name on the {@link MariaDbServer}; closing drops it. Creating one
 * skips the calling test (fails it under {@code CI=true}) when the server cannot be reached. Not
 * thread-safe; the stores it opens are.
 */
public final class MariaDbFixture implements StoreFixture {
  private final String database;

  /** A new database name; the database itself is created by the first store opened on it. */
  public MariaDbFixture() {
    MariaDbServer.require();
    database = MariaDbServer.newDatabase();
  }

  /** The database's name, {@code bk_test_} and 12 hex digits. */
  public String database() {
    return database;
  }

  /**
   * Opens a store in this JVM, after the sessions of killed worker processes have finished: the
   * server completes a COMMIT it received even if the client died right after sending it.
   */
  @Override
  public BlobStore open(StoreOptions options) {
    awaitWorkerSessions();
    return BlobStore.open(location(), options);
  }

  /** The server URL naming this fixture's database. */
  @Override
  public String location() {
    return MariaDbServer.urlOf(database);
  }

  /**
   * Waits (up to 30 s) until no session of this JVM's workers is busy in the database: sessions of
   * killed processes end when the server notices the closed socket.
   */
  private void awaitWorkerSessions() {
    String busy =
        "SELECT count(*) FROM information_schema.processlist WHERE db = '"
            + database
            + "' AND command <> 'Sleep' AND id <> connection_id()";
    try {
      CountPoll.untilZero(
          MariaDbServer.admin(), busy, Duration.ofSeconds(30), Duration.ofMillis(20), e -> false);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Waits (up to 60 s) until every lease in the database's lease table has expired. */
  @Override
  public void awaitDeadOwners() {
    String live =
        "SELECT count(*) FROM "
            + table("leases")
            + " WHERE expires >= CAST(UNIX_TIMESTAMP(SYSDATE(3)) * 1000 AS SIGNED)";
    boolean expired;
    try {
      expired =
          CountPoll.untilZero(
              MariaDbServer.admin(),
              live,
              Duration.ofSeconds(60),
              Duration.ofMillis(50),
              e -> e.getErrorCode() == 1146 || e.getErrorCode() == 1049);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    if (!expired && !Thread.currentThread().isInterrupted()) {
      throw new IllegalStateException("leases in database " + database + " still live after 60 s");
    }
  }

  /** A connection to the fixture's database, which is created if no store made it yet. */
  @Override
  public Connection connect() throws SQLException {
    Connection c = MariaDbServer.admin();
    try (Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS `" + database + "`");
      s.execute("USE `" + database + "`");
    }
    return c;
  }

  @Override
  public String table(String name) {
    return "`" + database + "`.blobkeep_" + name;
  }

  /** MariaDB's indexes belong to their table: {@code DROP INDEX name ON table}. */
  @Override
  public String dropIndex(String index, String table) {
    return "DROP INDEX " + index + " ON " + table(table);
  }

  @Override
  public void close() {
    MariaDbServer.drop(database);
  }
}
