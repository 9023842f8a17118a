package dev.blobkeep.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import dev.blobkeep.StoreOptions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests run against: {@code BLOBKEEP_PG_URL}, by default {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, as a role that may create schemas and
 * roles. When it cannot be reached, tests are skipped with the reason, or fail if {@code CI=true}.
 * Each test class works in its own schema with a random name, dropped afterwards.
 */
final class PgServer {
  static final String URL =
      System.getenv()
          .getOrDefault("BLOBKEEP_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static volatile String unreachable;
  private static volatile boolean checked;

  private PgServer() {}

  /** The URL with a query string, so that tests can append {@code &name=value}. */
  private static String withQuery(String url) {
    return url.contains("?") ? url : url + "?ApplicationName=blobkeep-test";
  }

  /** Skips the calling test (fails it on CI) if the server cannot be reached. */
  static void require() {
    String why = unreachable();
    if (why != null) {
      if (onCi()) {
        fail(why);
      }
      Assumptions.abort(why);
    }
  }

  /** Why the server cannot be reached, or null if it can. */
  static String unreachable() {
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
        + Server.withoutQuery(URL)
        + " is unreachable ("
        + unreachable
        + "); set BLOBKEEP_PG_URL to a server where the user may create schemas and roles";
  }

  /** True under CI ({@code CI=true}), where an unreachable server fails the tests. */
  static boolean onCi() {
    return "true".equals(System.getenv("CI"));
  }

  /** A new schema name, unique to the caller. */
  static String newSchema() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return "bk_test_" + HexFormat.of().formatHex(b);
  }

  /** Default options in schema {@code schema}, with a short lock timeout for tests. */
  static StoreOptions options(String schema) {
    return StoreOptions.defaults().schema(schema);
  }

  /** A connection as the tests' administrator role. */
  static Connection admin() throws SQLException {
    return DriverManager.getConnection(URL);
  }

  /** Runs statements as the administrator. */
  static void exec(String... sql) {
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Drops the schema and everything in it; nothing if it does not exist or the server is down. */
  static void drop(String schema) {
    if (unreachable != null || !checked) {
      return;
    }
    exec("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
  }

  /** {@link #URL} with another user (and the same host, port and database). */
  static String urlAs(String user) {
    return URL.replaceFirst("([?&])user=[^&]*", "$1user=" + user);
  }
}
