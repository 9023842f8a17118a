package dev.blobkeep.testkit;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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
    long deadline = System.nanoTime() + 30_000_000_000L;
    String busy =
        "SELECT count(*) FROM information_schema.processlist WHERE db = '"
            + database
            + "' AND command <> 'Sleep' AND id <> connection_id()";
    try (Connection c = MariaDbServer.admin();
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

  /** Waits (up to 60 s) until every lease in the database's lease table has expired. */
  @Override
  public void awaitDeadOwners() {
    long deadline = System.nanoTime() + 60_000_000_000L;
    String live =
        "SELECT count(*) FROM "
            + table("leases")
            + " WHERE expires >= CAST(UNIX_TIMESTAMP(SYSDATE(3)) * 1000 AS SIGNED)";
    try (Connection c = MariaDbServer.admin();
        Statement s = c.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = s.executeQuery(live)) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return;
          }
        } catch (SQLException e) {
          if (e.getErrorCode() == 1146 || e.getErrorCode() == 1049) {
            return; // no lease table yet: no owner ever registered
          }
          throw e;
        }
        Thread.sleep(50);
      }
      throw new IllegalStateException("leases in database " + database + " still live after 60 s");
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
