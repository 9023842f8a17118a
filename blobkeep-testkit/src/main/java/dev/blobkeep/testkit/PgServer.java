package dev.blobkeep.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * The PostgreSQL server the tests run against: {@code BLOBKEEP_PG_URL}, by default {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, as a role that may create schemas and
 * roles. When it cannot be reached, tests are skipped with the reason, or fail under {@code
 * CI=true} ({@link #require()}, or {@link PgAvailable} for a whole class). Each test works in a
 * schema of its own with a random name ({@link PgFixture}), dropped afterwards. Needs the
 * PostgreSQL JDBC driver on the class path. Thread-safe.
 */
public final class PgServer {
  /** The server's JDBC URL, as given; the default has a query string ({@code ?user=postgres}). */
  public static final String URL =
      System.getenv()
          .getOrDefault("BLOBKEEP_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private static volatile String unreachable;
  private static volatile boolean checked;

  private PgServer() {}

  /** Skips the calling test (fails it under {@code CI=true}) if the server cannot be reached. */
  public static void require() {
    String why = unreachable();
    if (why != null) {
      if (onCi()) {
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
      synchronized (PgServer.class) {
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
    return "PostgreSQL at "
        + address()
        + " is unreachable ("
        + unreachable
        + "); set BLOBKEEP_PG_URL to a server where the user may create schemas and roles";
  }

  /** True under CI ({@code CI=true}), where an unreachable server fails the tests. */
  public static boolean onCi() {
    return "true".equals(System.getenv("CI"));
  }

  /** A new schema name, unique to the caller: {@code bk_test_} and 12 hex digits. */
  public static String newSchema() {
    return AdminSql.newName();
  }

  /** A new connection as the tests' administrator role; the caller closes it. */
  public static Connection admin() throws SQLException {
    return DriverManager.getConnection(URL);
  }

  /**
   * Runs statements as the administrator, in auto-commit mode.
   *
   * @throws IllegalStateException with the server's message if one fails
   */
  public static void exec(String... sql) {
    AdminSql.exec(PgServer::admin, sql);
  }

  /**
   * Drops the schema and everything in it; nothing if it does not exist or the server is down.
   *
   * @throws IllegalStateException naming the schema if the server refuses
   */
  public static void drop(String schema) {
    if (unreachable != null || !checked) {
      return;
    }
    try {
      exec("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    } catch (IllegalStateException e) {
      throw new IllegalStateException("dropping schema " + schema + ": " + e.getMessage(), e);
    }
  }

  /** {@link #URL} with another user (and the same host, port and database). */
  public static String urlAs(String user) {
    return URL.replaceFirst("([?&])user=[^&]*", "$1user=" + user);
  }

  /** {@link #URL} with {@code name=value} parameters appended to its query string. */
  static String withParameters(String parameters) {
    return URL + (URL.contains("?") ? "&" : "?") + parameters;
  }

  /** {@link #URL} without its query string and user info, either of which may hold a password. */
  private static String address() {
    return AdminSql.address(URL);
  }
}
