package dev.blobkeep.mariadb;

import dev.blobkeep.testkit.GaleraCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the driver and the server report when a Galera brute-force abort hits a transaction while
 * its batch insert runs, in raw JDBC: on n1 a transaction reads a key at {@code SERIALIZABLE}
 * (locking the gap), inserts a row and runs a batch of 16 chunks of 256 KiB; after a delay, n2
 * inserts a row into that gap, and its write, applied on n1, aborts the transaction. Prints one
 * line per try: the batch's outcome, {@code @@in_transaction} after it, the {@code COMMIT}'s
 * outcome, and the rows that exist afterwards, with Connector/J's bulk batch (its default for
 * inserts) and with {@code useBulkStmtsForInserts=false}. No assertion: it shows the server's and
 * the driver's behaviour, which {@code MariadbDialect.afterBatch} works around (docs/mariadb.md,
 * Galera). Opt-in ({@code -Dtest=GaleraBulkAbortProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dblobkeep.galera.probe=true}; its name is not one the runner picks up): it starts a cluster of
 * its own, on the ports of {@link GaleraTest}.
 */
@EnabledIfSystemProperty(named = "blobkeep.galera.probe", matches = "true")
class GaleraBulkAbortProbe {
  @Test
  void batchesOfATransactionAbortedByAnotherNodesWrite() throws Exception {
    try (GaleraCluster cluster = GaleraCluster.start()) {
      cluster.sql(
          1,
          "CREATE DATABASE p; CREATE TABLE p.b (id INT PRIMARY KEY, bucket VARCHAR(10) NOT NULL,"
              + " k VARCHAR(10), UNIQUE KEY bk (bucket, k)) ENGINE=InnoDB; CREATE TABLE p.c (bid"
              + " INT, idx INT, data LONGBLOB, PRIMARY KEY (bid, idx)) ENGINE=InnoDB");
      int id = 0;
      for (int round = 0; round < 3; round++) {
        for (int delay : new int[] {0, 5, 20, 50, 100}) {
          for (String options : new String[] {"", "&useBulkStmtsForInserts=false"}) {
            id += 10;
            System.out.println(
                "probe delay="
                    + delay
                    + options
                    + ": "
                    + abortedBatch(cluster, id, delay, options));
          }
        }
      }
    }
  }

  private static String abortedBatch(GaleraCluster cluster, int id, int delay, String options)
      throws Exception {
    String url = cluster.jdbcUrl(1, "p") + "&useServerPrepStmts=true" + options;
    String result;
    try (Connection a = DriverManager.getConnection(url);
        Connection b = DriverManager.getConnection(cluster.jdbcUrl(2, "p"))) {
      Statement sa = a.createStatement();
      sa.execute("SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE");
      sa.execute("START TRANSACTION");
      sa.executeQuery("SELECT * FROM p.b WHERE bucket = 'g' AND k = 'k" + id + "'").close();
      sa.executeUpdate("INSERT INTO p.b VALUES (" + id + ", 'g', 'k" + id + "')");
      byte[] data = new byte[256 * 1024];
      new Random(id).nextBytes(data);
      CompletableFuture<String> batch =
          CompletableFuture.supplyAsync(
              () -> {
                try (PreparedStatement ps =
                    a.prepareStatement("INSERT INTO p.c (bid, idx, data) VALUES (?, ?, ?)")) {
                  for (int i = 0; i < 16; i++) {
                    ps.setInt(1, id);
                    ps.setInt(2, i);
                    ps.setBytes(3, data);
                    ps.addBatch();
                  }
                  ps.executeBatch();
                  return "batch ok";
                } catch (Exception e) {
                  return "batch failed: " + e.getMessage();
                }
              });
      Thread.sleep(delay);
      b.createStatement().executeUpdate("INSERT INTO p.b VALUES (" + (id + 1) + ", 'g', NULL)");
      result = batch.get(30, TimeUnit.SECONDS);
      try (ResultSet rs = sa.executeQuery("SELECT @@in_transaction")) {
        rs.next();
        result += "; in_transaction " + rs.getInt(1);
      } catch (Exception e) {
        result += "; in_transaction failed: " + e.getMessage();
      }
      try {
        sa.execute("COMMIT");
        result += "; commit ok";
      } catch (Exception e) {
        result += "; commit failed: " + e.getMessage();
      }
    }
    return result
        + "; rows and chunks on n1: "
        + cluster
            .sql(
                1,
                "SELECT count(*) FROM p.b WHERE id = "
                    + id
                    + "; SELECT count(*) FROM p.c WHERE bid = "
                    + id)
            .replace('\n', ' ');
  }
}
