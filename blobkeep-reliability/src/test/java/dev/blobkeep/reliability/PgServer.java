package dev.blobkeep.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * The PostgreSQL server: {@code BLOBKEEP_PG_URL}, by default {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, as a role that may create schemas. When it
 * cannot be reached, PostgreSQL tests are skipped with the reason, or fail under {@code CI=true}.
 * As a JUnit extension ({@code @ExtendWith(PgServer.class)}) it decides before any set-up runs.
 */
public final class PgServer implements ExecutionCondition {
  static final String URL =
      System.getenv()
          .getOrDefault("BLOBKEEP_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  private static volatile String unreachable;
  private static volatile boolean checked;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String why = check();
    return why == null
        ? ConditionEvaluationResult.enabled("PostgreSQL is reachable")
        : ConditionEvaluationResult.disabled(why);
  }

  /** Skips the calling test (fails it under CI) if the server cannot be reached. */
  static void require() {
    String why = check();
    if (why != null) {
      Assumptions.abort(why);
    }
  }

  /** Why the server cannot be reached (null if it can); throws under {@code CI=true}. */
  private static String check() {
    String why = unreachable();
    if (why != null && "true".equals(System.getenv("CI"))) {
      throw new AssertionFailedError(why);
    }
    return why;
  }

  private static synchronized String unreachable() {
    if (!checked) {
      DriverManager.setLoginTimeout(5);
      try (Connection c = DriverManager.getConnection(URL)) {
        unreachable = null;
      } catch (SQLException e) {
        unreachable = e.getMessage();
      }
      checked = true;
    }
    if (unreachable == null) {
      return null;
    }
    return "PostgreSQL at "
        + URL.replaceFirst("\\?.*", "")
        + " is unreachable ("
        + unreachable
        + "); set BLOBKEEP_PG_URL to a server where the user may create schemas";
  }

  /** A connection as the tests' administrator role. */
  static Connection admin() throws SQLException {
    return DriverManager.getConnection(URL);
  }
}
