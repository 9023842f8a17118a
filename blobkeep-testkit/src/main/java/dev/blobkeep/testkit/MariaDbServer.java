package dev.blobkeep.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * The MariaDB server the tests run against: {@code BLOBKEEP_MARIADB_URL}, by default {@code
 * jdbc:mariadb://127.0.0.1:3306/test?user=root}, as a user that may create and drop databases. When
 * it cannot be reached, tests are skipped with the reason, or fail under {@code CI=true} ({@link
 * #require()}, or {@link MariaDbAvailable} for a whole class). Each test works in a database of its
 * own with a random name ({@link MariaDbFixture}), dropped afterwards. Needs the MariaDB JDBC
 * driver on the class path. Thread-safe.
 */
public final class MariaDbServer {
  /** The server's JDBC URL, as given; the default has a query string ({@code ?user=root}). */
  public static final String URL =
      System.getenv()
          .getOrDefault("BLOBKEEP_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

  private static volatile String unreachable;
  private static volatile boolean checked;

  private MariaDbServer() {}

  /** Skips the calling test (fails it under {@code CI=true}) if the server cannot be reached. */
  public static void require() {
    String why = unreachable();
    if (why != null) {
      if (PgServer.onCi()) {
        throw new AssertionFailedError(why);
      }
      Assumptions.abort(why);
    }
  }

  /**
   * Why the server cannot be reached, naming it and how to point the tests elsewhere, or null if it
   * can. The server is tried once per JVM.
   */
  public static String unreachable() {
    if (!checked) {
      synchronized (MariaDbServer.class) {
        if (!checked) {
          DriverManager.setLoginTimeout(5);
          try (Connection c = DriverManager.getConnection(URL)) {
            unreachable = null;
          } catch (SQLException e) {
            unreachable = e.getMessage();
          }
          checked = true;
        }
      }
    }
    if (unreachable == null) {
      return null;
    }
    return "MariaDB at "
        + address()
        + " is unreachable ("
        + unreachable
        + "); set BLOBKEEP_MARIADB_URL to a server where the user may create databases";
  }

  /** A new database name, unique to the caller: {@code bk_test_} and 12 hex digits. */
  public static String newDatabase() {
    return AdminSql.newName();
  }

  /** A new connection as the tests' administrator, on the URL's database; the caller closes it. */
  public static Connection admin() throws SQLException {
    return DriverManager.getConnection(URL);
  }

  /**
   * Runs statements as the administrator, in auto-commit mode.
   *
   * @throws IllegalStateException with the server's message if one fails
   */
  public static void exec(String... sql) {
    AdminSql.exec(MariaDbServer::admin, sql);
  }

  /**
   * Drops the database and everything in it; nothing if it does not exist or the server is down.
   *
   * @throws IllegalStateException naming the database if the server refuses
   */
  public static void drop(String database) {
    if (unreachable != null || !checked) {
      return;
    }
    try {
      exec("DROP DATABASE IF EXISTS `" + database + "`");
    } catch (IllegalStateException e) {
      throw new IllegalStateException("dropping database " + database + ": " + e.getMessage(), e);
    }
  }

  /** {@link #URL} with another database (and the same host, port and parameters). */
  public static String urlOf(String database) {
    return URL.replaceFirst("^(jdbc:mariadb://[^/?]*)/[^?]*", "$1/" + database);
  }

  /** {@link #URL} without its query string and user info, either of which may hold a password. */
  private static String address() {
    return AdminSql.address(URL);
  }
}
