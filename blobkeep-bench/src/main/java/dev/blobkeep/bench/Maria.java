package dev.blobkeep.bench;

import dev.blobkeep.BlobStore;
import dev.blobkeep.BlobkeepException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Reaching the MariaDB server of the {@code mariadb-*} workloads: {@code BLOBKEEP_MARIADB_URL}, by
 * default {@value #DEFAULT_URL}. blobkeep's tables go to a database of this run, the {@code
 * mariadb-longblob-row} table to another, both dropped at the end.
 */
final class Maria {
  static final String DEFAULT_URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

  /** This run's suffix: process id and a random number, as {@link Pg} makes its names. */
  private static final String RUN =
      Long.toString(ProcessHandle.current().pid(), 36)
          + "_"
          + Integer.toString(new java.security.SecureRandom().nextInt(1 << 30), 36);

  /** Database holding blobkeep's tables in the {@code mariadb-*} workloads of this run. */
  static final String STORE_DATABASE = "blobkeep_bench_" + RUN;

  /** Database of the {@code mariadb-longblob-row} table of this run. */
  static final String ROWS_DATABASE = "blobkeep_bench_rows_" + RUN;

  /** The names of the {@code mariadb-*} workloads. */
  static final List<String> NAMES =
      List.of("mariadb-small-get", "mariadb-small-put", "mariadb-large-get", "mariadb-large-put");

  private Maria() {}

  /** The server URL, from the environment. */
  static String url() {
    return System.getenv().getOrDefault("BLOBKEEP_MARIADB_URL", DEFAULT_URL);
  }

  /** The server URL naming {@code database} instead of the URL's own. */
  static String url(String database) {
    return url().replaceFirst("^(jdbc:mariadb://[^/?]*)/[^?]*", "$1/" + database);
  }

  /** The four {@code mariadb-*} workloads. */
  static List<Workload> workloads(Content content, java.nio.file.Path work, BenchConfig config) {
    return List.of(
        new ServerSmall(server(), content, false, config.pgSmallCount()),
        new ServerSmall(server(), content, true, config.pgPutCount()),
        new MariaLarge(content, work, config.pgLargeBytes(), false),
        new MariaLarge(content, work, config.pgLargeBytes(), true));
  }

  /**
   * The server for {@link ServerSmall} and {@link ServerLarge}: blobkeep in this run's store
   * database, beside {@code mariadb-longblob-row}.
   */
  static Server server() {
    return new Server(
        "mariadb",
        () -> BlobStore.open(url(STORE_DATABASE)),
        "mariadb-longblob-row",
        Maria::longblobRows,
        Maria::dropAll,
        5000,
        "database " + STORE_DATABASE,
        "server's innodb_flush_log_at_trx_commit",
        "InnoDB table "
            + ROWS_DATABASE
            + ".rows_table (k INT PRIMARY KEY, v LONGBLOB), one connection, client-side prepared"
            + " statements, autocommit");
  }

  /** Why the {@code mariadb-*} workloads cannot run, or null if they can. */
  static String unavailable() {
    try (Connection c = connect(url())) {
      c.isValid(5);
    } catch (SQLException e) {
      return "MariaDB at " + Pg.withoutPassword(url()) + " is unreachable: " + e.getMessage();
    }
    try (BlobStore store = BlobStore.open(url(STORE_DATABASE))) {
      return null;
    } catch (BlobkeepException e) {
      return "blobkeep cannot open a store on " + Pg.withoutPassword(url()) + ": " + e.getMessage();
    } finally {
      try {
        dropAll();
      } catch (SQLException e) {
        // reported by the workload that needs it
      }
    }
  }

  /** A new connection; fails within 5 seconds if the server does not answer. */
  static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(
        url + (url.contains("?") ? "&" : "?") + "connectTimeout=5000");
  }

  /**
   * Opens the {@code mariadb-longblob-row} table in the run's rows database, creating both if
   * needed: a plain InnoDB table {@code (k INT PRIMARY KEY, v LONGBLOB)}, through MariaDB
   * Connector/J with its default (client-side) prepared statements. A value must fit the server's
   * {@code max_allowed_packet}, and the driver reads a whole row into memory.
   */
  static ServerRows longblobRows() throws SQLException {
    try (Connection admin = connect(url());
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS " + ROWS_DATABASE);
    }
    Connection c = connect(url(ROWS_DATABASE));
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS rows_table (k INT PRIMARY KEY, v LONGBLOB NOT NULL)"
              + " ENGINE=InnoDB");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return new ServerRows(c, "rows_table", "TRUNCATE TABLE rows_table");
  }

  /** The server's {@code max_allowed_packet}: the largest value one row can carry. */
  static long maxAllowedPacket() throws SQLException {
    try (Connection c = connect(url());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@max_allowed_packet")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Drops both databases of this run. */
  static void dropAll() throws SQLException {
    try (Connection c = connect(url());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + STORE_DATABASE);
      s.execute("DROP DATABASE IF EXISTS " + ROWS_DATABASE);
    }
  }
}
