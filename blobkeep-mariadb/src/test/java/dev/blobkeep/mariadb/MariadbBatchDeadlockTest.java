package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.StoreOptions;
import dev.blobkeep.spi.Backend;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbServer;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A batch on the store's pooled connections whose first statement loses a deadlock changes nothing
 * once its transaction rolled back. Sent statement by statement (Connector/J's default for an
 * {@code UPDATE} batch), the statements after the victim ran in auto-commit mode, after the
 * rollback, and stayed committed; the pool sends a batch as one bulk command instead ({@link
 * MariadbProvider#poolUrl}). The other transaction first changes many rows, so that InnoDB rolls
 * back the batch's.
 */
@ExtendWith(MariaDbAvailable.class)
class MariadbBatchDeadlockTest {
  @Test
  void aBatchWhoseFirstStatementLosesADeadlockChangesNothing() throws Exception {
    String db = MariaDbServer.newDatabase();
    MariaDbServer.exec(
        "CREATE DATABASE `" + db + "`",
        "CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB",
        "CREATE TABLE `" + db + "`.u (id INT PRIMARY KEY) ENGINE=InnoDB",
        "INSERT INTO `" + db + "`.t VALUES (1, 0), (2, 0), (3, 0), (4, 0)");
    Backend backend = new MariadbProvider().open(MariaDbServer.urlOf(db), StoreOptions.defaults());
    try (Connection winner = backend.dataSource().getConnection();
        Connection loser = backend.dataSource().getConnection()) {
      Statement w = winner.createStatement();
      w.execute("START TRANSACTION");
      w.executeUpdate("UPDATE t SET v = 1 WHERE id = 1");
      w.executeUpdate("INSERT INTO u SELECT seq FROM seq_1_to_200"); // weight: not the victim
      Statement l = loser.createStatement();
      l.execute("START TRANSACTION");
      l.executeUpdate("UPDATE t SET v = 2 WHERE id = 2");
      CompletableFuture<SQLException> batch =
          CompletableFuture.supplyAsync(
              () -> {
                try (PreparedStatement ps =
                    loser.prepareStatement("UPDATE t SET v = 2 WHERE id = ?")) {
                  for (int id : new int[] {1, 3, 4}) { // waits on row 1, which the winner holds
                    ps.setInt(1, id);
                    ps.addBatch();
                  }
                  ps.executeBatch();
                  return null;
                } catch (SQLException e) {
                  return e;
                }
              });
      Thread.sleep(300);
      w.executeUpdate("UPDATE t SET v = 1 WHERE id = 2"); // the deadlock: the loser's batch ends
      SQLException failed = batch.get(30, TimeUnit.SECONDS);
      assertThat((Throwable) failed)
          .as("the loser's batch")
          .isInstanceOf(BatchUpdateException.class);
      assertThat(MariadbErrors.code(failed)).isEqualTo(MariadbErrors.DEADLOCK);
      l.execute("ROLLBACK");
      w.execute("ROLLBACK");
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = w.executeQuery("SELECT id, v FROM t ORDER BY id")) {
        while (rs.next()) {
          rows.add(rs.getInt(1) + "=" + rs.getInt(2));
        }
      }
      assertThat(rows)
          .as("rows after both rolled back")
          .containsExactly("1=0", "2=0", "3=0", "4=0");
    } finally {
      backend.onClose().run();
      MariaDbServer.drop(db);
    }
  }
}
