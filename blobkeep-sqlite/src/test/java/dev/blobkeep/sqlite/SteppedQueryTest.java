package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.blobkeep.spi.Dialect;
import dev.blobkeep.spi.ResultRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite dialect's {@link Dialect#queryRow}, which steps sqlite-jdbc's statement handle without
 * a result set, reads what the driver's result set reads, and leaves the statement reset (no read
 * transaction left open) however the reader ends.
 */
class SteppedQueryTest {
  private static final String SELECT =
      "SELECT i, t, b, substr(b, 9, 1) AS past, COALESCE(b, t) AS either FROM r"
          + " WHERE k = ? AND t IS NOT ?";

  private final SqliteDialect dialect = new SqliteDialect(null, false);

  @TempDir Path tmp;

  @Test
  void readsEachColumnAsTheDriversResultSetReadsIt() throws Exception {
    try (Connection c = open("a.db");
        PreparedStatement ps = c.prepareStatement(SELECT)) {
      for (long k = 1; k <= 3; k++) {
        Object[] params = {k, "never"};
        List<Object> stepped = dialect.queryRow(ps, params, SteppedQueryTest::columns);
        ps.setLong(1, k);
        ps.setString(2, "never");
        List<Object> jdbc;
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          jdbc = columns(ResultRow.of(rs));
        }
        assertThat(stepped).as("row %d", k).usingRecursiveComparison().isEqualTo(jdbc);
      }
      assertThat(dialect.queryRow(ps, new Object[] {1L, "never"}, SteppedQueryTest::columns))
          .usingRecursiveComparison()
          .isEqualTo(
              List.of(
                  7L,
                  7,
                  "seven",
                  "seven",
                  new byte[] {1, 2, 3},
                  new byte[0],
                  new byte[] {1, 2, 3}));
      // an empty blob reads as an empty array, not null (and a substring of it as NULL, as the
      // driver's result set reads it: compared above)
      assertThat(dialect.queryRow(ps, new Object[] {2L, "never"}, SteppedQueryTest::columns))
          .usingRecursiveComparison()
          .isEqualTo(java.util.Arrays.asList(2L, 2, "two", "two", new byte[0], null, new byte[0]));
      // row 3 is all NULLs: 0 from the number getters, null from the others
      assertThat(dialect.queryRow(ps, new Object[] {3L, "never"}, SteppedQueryTest::columns))
          .isEqualTo(java.util.Arrays.asList(0L, 0, null, null, null, null, null));
      // a column past the result's fails, as the driver's result set fails it
      assertThatThrownBy(
              () -> dialect.queryRow(ps, new Object[] {1L, "never"}, row -> row.getBytes(6)))
          .isInstanceOf(SQLException.class)
          .hasMessage("column 6 out of bounds [1,5]");
    }
  }

  @Test
  void aQueryWithoutARowHandsTheReaderNull() throws Exception {
    try (Connection c = open("b.db");
        PreparedStatement ps = c.prepareStatement(SELECT)) {
      assertThat(
              dialect
                  .<Boolean>queryRow(
                      ps, new Object[] {99L, "never"}, (ResultRow row) -> row == null)
                  .booleanValue())
          .isTrue();
      // the text parameter is bound too: it excludes row 1
      assertThat(
              dialect
                  .<Boolean>queryRow(ps, new Object[] {1L, "seven"}, (ResultRow row) -> row == null)
                  .booleanValue())
          .isTrue();
      assertThat(
              dialect
                  .<Boolean>queryRow(ps, new Object[] {1L, "never"}, (ResultRow row) -> row == null)
                  .booleanValue())
          .isFalse();
    }
  }

  @Test
  void theStatementIsResetWhenTheReaderFailsSoNoReadTransactionStaysOpen() throws Exception {
    try (Connection reader = open("c.db");
        Connection writer = DriverManager.getConnection(url("c.db"));
        PreparedStatement ps = reader.prepareStatement(SELECT)) {
      assertThatThrownBy(
              () ->
                  dialect.queryRow(
                      ps,
                      new Object[] {1L, "never"},
                      row -> {
                        throw new IllegalStateException("reader failed");
                      }))
          .hasMessage("reader failed");
      // a statement left on its row would hold a read transaction on the log's last frame: the
      // checkpoint could not copy all of it back and truncate
      exec(writer, "INSERT INTO r (k, i) VALUES (4, 4)");
      try (Statement s = writer.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
        rs.next();
        assertThat(rs.getInt(1)).as("checkpoint blocked by a reader").isZero();
        assertThat(rs.getInt(2)).as("log frames left").isZero();
      }
      // and the statement runs again, through either path
      assertThat(
              dialect
                  .<Long>queryRow(ps, new Object[] {4L, "never"}, row -> row.getLong(1))
                  .longValue())
          .isEqualTo(4L);
      ps.setLong(1, 1);
      ps.setString(2, "never");
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(2)).isEqualTo("seven");
      }
    }
  }

  @Test
  void aStatementBehindAWrapperRunsThroughTheWrapper() throws Exception {
    open("d.db").close();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url("d.db"));
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config);
        Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(SELECT)) {
      assertThat(ps.isWrapperFor(org.sqlite.core.CoreStatement.class)).isTrue();
      assertThat(SteppedQuery.handle(ps)).isNull();
      assertThat(dialect.<String>queryRow(ps, new Object[] {2L, "never"}, row -> row.getString(2)))
          .isEqualTo("two");
      // and the statement of the driver's own behind it is stepped
      assertThat(SteppedQuery.handle(ps.unwrap(PreparedStatement.class))).isNotNull();
    }
  }

  @Test
  void aConnectionOpenedWithExplicitReadOnlyRunsThroughJdbc() throws Exception {
    open("g.db").close();
    SQLiteConfig config = new SQLiteConfig();
    config.setExplicitReadOnly(true);
    // executeQuery enforces such a connection's transaction mode before each query: stepping would
    // skip it, so its statements are not stepped
    try (Connection c = DriverManager.getConnection(url("g.db"), config.toProperties());
        PreparedStatement ps = c.prepareStatement(SELECT)) {
      assertThat(SteppedQuery.handle(ps)).isNull();
      assertThat(dialect.<String>queryRow(ps, new Object[] {2L, "never"}, row -> row.getString(2)))
          .isEqualTo("two");
    }
    try (Connection c = DriverManager.getConnection(url("g.db"));
        PreparedStatement ps = c.prepareStatement(SELECT)) {
      assertThat(SteppedQuery.handle(ps)).isNotNull();
    }
  }

  @Test
  void aParameterCountThatDoesNotMatchFailsNamingBoth() throws Exception {
    try (Connection c = open("e.db");
        PreparedStatement ps = c.prepareStatement(SELECT)) {
      assertThatThrownBy(() -> dialect.queryRow(ps, new Object[] {1L}, row -> row))
          .isInstanceOf(SQLException.class)
          .hasMessage("query has 2 parameters but 1 values were given");
      assertThatThrownBy(() -> dialect.queryRow(ps, new Object[] {1L, "never", 3L}, row -> row))
          .isInstanceOf(SQLException.class)
          .hasMessage("query has 2 parameters but 3 values were given");
      assertThat(
              dialect
                  .<Long>queryRow(ps, new Object[] {2L, "never"}, row -> row.getLong(1))
                  .longValue())
          .isEqualTo(2L);
    }
  }

  @Test
  void aStepThatFailsIsReportedAndLeavesTheConnectionUsable() throws Exception {
    try (Connection c = open("f.db");
        PreparedStatement ps = c.prepareStatement("SELECT abs(?)")) {
      // SQLITE_ERROR at the step, after which the driver finalizes the statement
      assertThatThrownBy(() -> dialect.queryRow(ps, new Object[] {Long.MIN_VALUE}, row -> row))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("integer overflow");
      try (PreparedStatement again = c.prepareStatement(SELECT)) {
        assertThat(
                dialect.<String>queryRow(
                    again, new Object[] {1L, "never"}, row -> row.getString(2)))
            .isEqualTo("seven");
      }
    }
  }

  private static List<Object> columns(ResultRow row) throws SQLException {
    List<Object> out = new ArrayList<>();
    out.add(row.getLong(1));
    out.add(row.getInt(1));
    out.add(row.getString(2));
    out.add(row.getString(2) == null ? null : new String(row.getBytes(2)));
    out.add(row.getBytes(3));
    out.add(row.getBytes(4));
    out.add(row.getBytes(5));
    return out;
  }

  private Connection open(String name) throws SQLException {
    Connection c = DriverManager.getConnection(url(name));
    exec(c, "PRAGMA journal_mode = WAL");
    exec(c, "CREATE TABLE r (k INTEGER PRIMARY KEY, i INTEGER, t TEXT, b BLOB)");
    exec(
        c,
        "INSERT INTO r VALUES (1, 7, 'seven', x'010203'), (2, 2, 'two', x''), (3, NULL, NULL, NULL)");
    return c;
  }

  private String url(String name) {
    return "jdbc:sqlite:" + tmp.resolve(name);
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
