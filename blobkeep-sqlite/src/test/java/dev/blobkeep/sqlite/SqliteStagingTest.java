package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging transactions run {@code synchronous=NORMAL} and leave the connection as they found it,
 * including when BEGIN fails because another connection holds the write lock.
 */
class SqliteStagingTest {
  private static final int NORMAL = 1;
  private static final int FULL = 2;

  @TempDir Path tmp;

  @Test
  void aStagingTransactionRunsNormalAndRestoresFull() throws SQLException {
    try (Connection c = open("a.db")) {
      SqliteDialect dialect = new SqliteDialect(null, true);
      dialect.beginStaging(c);
      assertThat(synchronous(c)).isEqualTo(NORMAL);
      dialect.commit(c);
      dialect.endStaging(c);
      assertThat(synchronous(c)).isEqualTo(FULL);
    }
  }

  @Test
  void aStoreThatIsNotDurableIsLeftAlone() throws SQLException {
    try (Connection c = open("b.db")) {
      exec(c, "PRAGMA synchronous = NORMAL");
      SqliteDialect dialect = new SqliteDialect(null, false);
      dialect.beginStaging(c);
      dialect.commit(c);
      dialect.endStaging(c);
      assertThat(synchronous(c)).isEqualTo(NORMAL);
    }
  }

  @Test
  void aBeginThatFailsRestoresFull() throws SQLException {
    try (Connection holder = open("c.db");
        Connection c = open("c.db")) {
      exec(holder, "BEGIN IMMEDIATE");
      exec(c, "PRAGMA busy_timeout = 50");
      SqliteDialect dialect = new SqliteDialect(null, true);
      assertThatThrownBy(() -> dialect.beginStaging(c)).isInstanceOf(SQLException.class);
      assertThat(synchronous(c)).isEqualTo(FULL);
      exec(holder, "ROLLBACK");
    }
  }

  private Connection open(String name) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve(name));
    exec(c, "PRAGMA journal_mode = WAL");
    exec(c, "PRAGMA synchronous = FULL");
    return c;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static int synchronous(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
