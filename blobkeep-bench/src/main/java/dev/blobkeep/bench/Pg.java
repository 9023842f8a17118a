package dev.blobkeep.bench;

import dev.blobkeep.BlobStore;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.StoreOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Reaching the PostgreSQL server of the {@code pg-*} workloads. */
final class Pg {
  /**
   * Tells this run's names from those of any other run on the same server (another checkout, a CI
   * build), which would otherwise drop each other's tables: process id and a random number.
   */
  private static final String RUN =
      Long.toString(ProcessHandle.current().pid(), 36)
          + "_"
          + Integer.toString(new java.security.SecureRandom().nextInt(1 << 30), 36);

  /** Schema holding blobkeep's tables in the {@code pg-*} workloads of this run. */
  static final String SCHEMA = "blobkeep_bench_" + RUN;

  /** Table of the {@code pg-bytea-row} alternative of this run, in the default schema. */
  static final String BYTEA_TABLE = "blobkeep_bench_bytea_" + RUN;

  private Pg() {}

  /**
   * The server at {@code url} for {@link ServerSmall} and {@link ServerLarge}: blobkeep in this
   * run's schema, beside {@code pg-bytea-row}.
   */
  static Server server(String url) {
    return new Server(
        "pg",
        () -> BlobStore.open(url, options()),
        "pg-bytea-row",
        () -> byteaRows(url),
        () -> dropAll(url),
        4000,
        "schema " + SCHEMA,
        "server default synchronous_commit",
        "table "
            + BYTEA_TABLE
            + " (k integer PRIMARY KEY, v bytea STORAGE EXTERNAL), one connection, prepared"
            + " statements, autocommit");
  }

  /** A new connection; fails within 5 seconds if the server does not answer. */
  static Connection connect(String url) throws SQLException {
    return connect(url, null);
  }

  /** A new connection with pgjdbc's {@code prepareThreshold} set, unless null. */
  static Connection connect(String url, String prepareThreshold) throws SQLException {
    Properties p = new Properties();
    p.setProperty("connectTimeout", "5");
    if (prepareThreshold != null) {
      p.setProperty("prepareThreshold", prepareThreshold);
      p.setProperty("binaryTransfer", "true");
    }
    return DriverManager.getConnection(url, p);
  }

  /**
   * Why the {@code pg-*} workloads cannot run against {@code url}, or null if they can: the server
   * must answer, and a blobkeep backend for it must be on the class path.
   */
  static String unavailable(String url) {
    if (!url.regionMatches(true, 0, "jdbc:postgresql:", 0, 16)) {
      return "not a jdbc:postgresql: URL: " + withoutPassword(url);
    }
    try (Connection c = connect(url)) {
      c.isValid(5);
    } catch (SQLException e) {
      return "PostgreSQL at " + withoutPassword(url) + " is unreachable: " + firstLine(e);
    }
    try (BlobStore store = BlobStore.open(url, options())) {
      return null;
    } catch (BlobkeepException e) {
      return "blobkeep cannot open a store on " + withoutPassword(url) + ": " + e.getMessage();
    }
  }

  /**
   * Opens the {@code pg-bytea-row} table, creating it if needed: {@code (k integer PRIMARY KEY, v
   * bytea)}. Like blobkeep's connections it uses {@code prepareThreshold=1} and binary transfer, so
   * values travel as raw bytes from the first execution (pgjdbc's default threshold of 5 would
   * fetch the first reads as hex text twice their size), and its column is {@code STORAGE EXTERNAL}
   * (no compression attempt), as blobkeep's chunk column is.
   */
  static ServerRows byteaRows(String url) throws SQLException {
    Connection c = connect(url, "1");
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + BYTEA_TABLE
              + " (k integer PRIMARY KEY, v bytea NOT NULL)");
      s.execute("ALTER TABLE " + BYTEA_TABLE + " ALTER COLUMN v SET STORAGE EXTERNAL");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return new ServerRows(c, BYTEA_TABLE, "TRUNCATE " + BYTEA_TABLE);
  }

  static StoreOptions options() {
    return StoreOptions.defaults().schema(SCHEMA);
  }

  /** Drops blobkeep's benchmark schema and the alternative's table. */
  static void dropAll(String url) throws SQLException {
    try (Connection c = connect(url);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      s.execute("DROP TABLE IF EXISTS " + BYTEA_TABLE);
    }
  }

  /** The URL with any {@code password=} parameter's value masked. */
  static String withoutPassword(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  private static String firstLine(SQLException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
