package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's connections wait for a write lock held elsewhere until the lock timeout, then fail
 * with SQLITE_BUSY; a lock released meanwhile is taken. (How fast is measured by the long-upload
 * test and docs/sqlite.md's figures, not asserted here.)
 */
class PollingBusyHandlerTest {
  @TempDir Path tmp;

  @Test
  void aWriterWaitsForTheLockAndGetsItWhenReleased() throws Exception {
    String url = "jdbc:sqlite:" + tmp.resolve("a.db");
    try (Connection holder = DriverManager.getConnection(url);
        Connection waiter = dataSource(url).getConnection()) {
      exec(holder, "PRAGMA journal_mode = WAL");
      exec(holder, "CREATE TABLE t (x INTEGER)");
      exec(holder, "BEGIN IMMEDIATE");
      CompletableFuture<Void> begun =
          CompletableFuture.runAsync(
              () -> {
                try {
                  exec(waiter, "BEGIN IMMEDIATE");
                  exec(waiter, "INSERT INTO t VALUES (2)");
                  exec(waiter, "COMMIT");
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(200);
      assertThat(begun).isNotDone();
      exec(holder, "INSERT INTO t VALUES (1)");
      exec(holder, "COMMIT");
      begun.get(10, TimeUnit.SECONDS);
      assertThat(count(holder)).isEqualTo(2);
    }
  }

  @Test
  void aWriterGivesUpAfterTheLockTimeoutOfItsHandler() throws Exception {
    String url = "jdbc:sqlite:" + tmp.resolve("b.db");
    Duration timeout = Duration.ofMillis(300);
    // SQLite's own busy_timeout says 60 s: giving up well before shows the handler replaced it
    PollingDataSource ds =
        new PollingDataSource(
            SqliteSettings.config(StoreOptions.defaults().lockTimeout(Duration.ofSeconds(60))),
            timeout);
    ds.setUrl(url);
    try (Connection holder = DriverManager.getConnection(url);
        Connection waiter = ds.getConnection()) {
      exec(holder, "PRAGMA journal_mode = WAL");
      exec(holder, "BEGIN IMMEDIATE");
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> exec(waiter, "BEGIN IMMEDIATE"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("SQLITE_BUSY");
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(timeout)
          .isLessThan(Duration.ofSeconds(30));
      exec(holder, "ROLLBACK");
    }
  }

  private static PollingDataSource dataSource(String url) {
    PollingDataSource ds =
        new PollingDataSource(
            SqliteSettings.config(StoreOptions.defaults()), Duration.ofSeconds(30));
    ds.setUrl(url);
    return ds;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
