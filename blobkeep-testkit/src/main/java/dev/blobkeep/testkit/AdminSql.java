package dev.blobkeep.testkit;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/** What the shared-server classes ({@link PgServer}, {@link MariaDbServer}) do alike. */
final class AdminSql {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AdminSql() {}

  /** Opens an administrator connection; the caller closes it. */
  @FunctionalInterface
  interface Admin {
    Connection open() throws SQLException;
  }

  /** A new name for a test's own schema or database: {@code bk_test_} and 12 hex digits. */
  static String newName() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return "bk_test_" + HexFormat.of().formatHex(b);
  }

  /**
   * Runs statements on a new administrator connection, in auto-commit mode.
   *
   * @throws IllegalStateException with the server's message if one fails
   */
  static void exec(Admin admin, String... sql) {
    try (Connection c = admin.open();
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** {@code url} without its query string and user info, either of which may hold a password. */
  static String address(String url) {
    return url.replaceFirst("\\?.*", "").replaceFirst("//[^/]*@", "//");
  }
}
