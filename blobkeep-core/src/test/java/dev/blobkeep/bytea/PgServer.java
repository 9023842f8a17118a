package dev.blobkeep.bytea;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;

/**
 * Connections to the real PostgreSQL server the tests compare against: {@code BLOBKEEP_PG_URL},
 * default {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. If it cannot be reached the
 * test fails when {@code CI=true} and is skipped otherwise.
 */
final class PgServer {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private PgServer() {}

  /** A new connection in auto-commit mode; the caller closes it. */
  static Connection connect() {
    String env = System.getenv("BLOBKEEP_PG_URL");
    String url = env == null || env.isBlank() ? DEFAULT_URL : env;
    try {
      return DriverManager.getConnection(url);
    } catch (SQLException e) {
      String message =
          "PostgreSQL at " + url + " is unreachable (" + e.getMessage() + "); set BLOBKEEP_PG_URL";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        return fail(message, e);
      }
      Assumptions.abort(message + "; skipped because CI is not true");
      throw new AssertionError("unreachable");
    }
  }
}
