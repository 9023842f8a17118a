package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.blobkeep.StoreOptions;
import dev.blobkeep.spi.Backend;
import dev.blobkeep.spi.Dialect;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A transaction that the server rolls back without telling the statement then running (on a Galera
 * node, a brute-force abort; see {@code MariadbDialect#stillTheTransactionBegun}) leaves nothing of
 * what ran after it: the dialect of a Galera node fails the COMMIT as a conflict, and the rollback
 * that follows undoes the statements after the silent one. Here a {@code ROLLBACK} sent on the
 * session stands in for the abort, on this machine's single server, with the dialect a Galera node
 * gets, in both of its modes: the pool's (auto-commit mode between transactions) and a caller's
 * data source's ({@code setSession}: it also sets the isolation level), both on pooled connections.
 * A schema step's DDL commits implicitly: the rest of such a step commits statement by statement,
 * as off Galera, and a step without DDL is checked as any transaction.
 */
@ExtendWith(MariaDbAvailable.class)
class MariadbSilentRollbackTest {
  @ParameterizedTest(name = "setSession={0}")
  @ValueSource(booleans = {false, true})
  void statementsAfterATransactionRolledBackWithoutAWordAreNotCommitted(boolean setSession)
      throws Exception {
    onGaleraDialect(
        setSession,
        (galera, c) -> {
          exec(c, "CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB");
          galera.begin(c);
          exec(c, "INSERT INTO t VALUES (1)");
          galera.commit(c);
          assertThat(c.getAutoCommit()).as("auto-commit after a commit").isTrue();

          galera.begin(c);
          exec(c, "INSERT INTO t VALUES (2)");
          exec(c, "ROLLBACK"); // the server's, which the statement running was not told of
          exec(c, "INSERT INTO t VALUES (3)"); // the rest of the transaction's work
          SQLException failed = catchThrowableOfType(SQLException.class, () -> galera.commit(c));
          assertThat((Throwable) failed)
              .as("the COMMIT of a transaction rolled back under it")
              .isNotNull();
          assertThat(failed.getMessage()).contains("rolled back before COMMIT");
          assertThat(galera.isRetryable(failed)).as("run again").isTrue();
          galera.rollback(c);
          assertThat(c.getAutoCommit()).as("auto-commit after the rollback").isTrue();
          assertThat(ids(c)).as("rows committed").containsExactly(1);

          galera.begin(c); // the attempt run again
          exec(c, "INSERT INTO t VALUES (2)");
          exec(c, "INSERT INTO t VALUES (3)");
          galera.commit(c);
          assertThat(ids(c)).as("rows after the attempt run again").containsExactly(1, 2, 3);
        });
  }

  @ParameterizedTest(name = "setSession={0}")
  @ValueSource(booleans = {false, true})
  void aSchemaStepCommitsAfterItsDdlAndOneWithoutDdlIsChecked(boolean setSession) throws Exception {
    onGaleraDialect(
        setSession,
        (galera, c) -> {
          galera.begin(c); // a step with DDL, which commits implicitly, the savepoint with it
          galera.lockSchema(c);
          exec(c, "CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY) ENGINE=InnoDB");
          galera.afterUpgradeStatements(c);
          exec(c, "INSERT INTO t VALUES (1)");
          galera.commit(c);
          assertThat(c.getAutoCommit()).as("auto-commit after the step").isTrue();
          assertThat(ids(c)).as("rows after a step with DDL").containsExactly(1);

          galera.begin(c); // a step without DDL: one transaction, checked at COMMIT
          galera.lockSchema(c);
          exec(c, "INSERT INTO t VALUES (2)");
          exec(c, "ROLLBACK");
          exec(c, "INSERT INTO t VALUES (3)");
          SQLException failed = catchThrowableOfType(SQLException.class, () -> galera.commit(c));
          assertThat((Throwable) failed)
              .as("the COMMIT of a step rolled back under it")
              .isNotNull();
          galera.rollback(c);
          assertThat(c.getAutoCommit()).as("auto-commit after the rollback").isTrue();
          assertThat(ids(c)).as("rows after a step without DDL rolled back").containsExactly(1);
        });
  }

  private interface Work {
    void run(Dialect galera, Connection c) throws Exception;
  }

  /**
   * Runs {@code work} with the dialect of a Galera node and a pooled connection of a store in a
   * database of its own.
   */
  private static void onGaleraDialect(boolean setSession, Work work) throws Exception {
    String db = MariaDbServer.newDatabase();
    String url = MariaDbServer.urlOf(db);
    MariaDbServer.exec("CREATE DATABASE `" + db + "`");
    Backend backend = new MariadbProvider().open(url, StoreOptions.defaults());
    Dialect galera =
        new MariadbDialect(Server.of(url), backend.dialect().owners(), setSession, true);
    try (Connection c = backend.dataSource().getConnection()) {
      work.run(galera, c);
    } finally {
      backend.onClose().run();
      MariaDbServer.drop(db);
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<Integer> ids(Connection c) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM t ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
    }
    return ids;
  }
}
