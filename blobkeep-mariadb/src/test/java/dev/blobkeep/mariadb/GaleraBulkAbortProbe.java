package dev.blobkeep.mariadb;

import dev.blobkeep.testkit.GaleraCluster;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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
 * Galera); {@link #updateBatches} does the same for a compose's moves of chunk rows. Opt-in ({@code
 * -Dtest=GaleraBulkAbortProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dblobkeep.galera.probe=true}; its name is not one the runner picks up): it starts a cluster of
 * its own, on the ports of {@link GaleraTest} ({@link #updateBatches}: on others, see there).
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

  /**
   * The same for the moves of a compose's re-keying (docs/mariadb.md, Galera): on n1 a transaction
   * updates a row of {@code p.x}, then moves {@value #ROWS} chunk rows of part {@code id} to blob
   * {@code id + 1}, either in one batch ({@code SET bid, idx, crc ... WHERE bid AND idx}) sent in
   * bulk ({@code useBulkStmts=true}, as the store's pool sends it), or as one statement (new ids
   * and indexes by expression, CRCs by {@code CASE idx}, as a compose on Galera now moves them);
   * after a delay (none: no conflicting write), n2 updates that {@code p.x} row, and its write,
   * applied on n1, aborts the transaction. Each with the session in auto-commit mode and {@code
   * START TRANSACTION} (the store's pool) and with auto-commit off (a caller's {@code DataSource}).
   * Prints per try: the move's outcome and time, {@code @@in_transaction}, the {@code COMMIT}'s
   * outcome, the rows left under the part and moved to the target on n1 and on n2, n1's brute-force
   * aborts during the try, and "PARTIAL" if neither none nor all rows moved. Bulk batches were left
   * in part in 21 of 132 aborted tries, with the rows after the abort committed; the statement in
   * none of 36. {@code -Dtest=GaleraBulkAbortProbe#updateBatches}, on SQL ports 3321-3323 and
   * Galera ports 4601-4623 unless {@code -Dblobkeep.galera.ports=3320,4600} says other bases, so
   * that it can run beside {@link GaleraTest}; {@code -Dblobkeep.galera.probe.rounds} (default 4)
   * sets the rounds of every delay and mode.
   */
  @Test
  void updateBatches() throws Exception {
    String[] ports = System.getProperty("blobkeep.galera.ports", "3320,4600").split(",");
    try (GaleraCluster cluster =
        GaleraCluster.start(Integer.parseInt(ports[0]), Integer.parseInt(ports[1]))) {
      cluster.sql(
          1,
          "CREATE DATABASE p; CREATE TABLE p.x (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB;"
              + " CREATE TABLE p.c (bid INT, idx BIGINT, crc BIGINT NOT NULL, data LONGBLOB,"
              + " PRIMARY KEY (bid, idx)) ENGINE=InnoDB");
      int rounds = Integer.getInteger("blobkeep.galera.probe.rounds", 4);
      int[] delays = {-1, 0, 2, 5, 10, 20, 40};
      int id = 0;
      int partial = 0;
      int tries = 0;
      for (int round = 0; round < rounds; round++) {
        for (int delay : delays) {
          for (boolean oneStatement : new boolean[] {false, true}) {
            for (boolean autoCommitOff : new boolean[] {false, true}) {
              id += 10;
              String line = abortedUpdateBatch(cluster, id, delay, autoCommitOff, oneStatement);
              tries++;
              if (line.contains("PARTIAL")) {
                partial++;
              }
              System.out.println(
                  "probe update "
                      + (oneStatement ? "statement" : "bulk")
                      + " delay="
                      + (delay < 0 ? "none" : delay)
                      + (autoCommitOff ? " autocommit=off" : " autocommit=on+START TRANSACTION")
                      + ": "
                      + line);
            }
          }
        }
      }
      System.out.println("probe update: " + partial + " partial of " + tries + " tries");
    }
  }

  /**
   * The same for a put's chunk rows (docs/mariadb.md, Galera): on n1 a transaction updates a row of
   * {@code p.x}, then inserts chunk rows as one batch sent in bulk ({@code useBulkStmts=true}, as
   * the store's pool sends it); after a delay (none: no conflicting write), n2 updates that {@code
   * p.x} row, and its write, applied on n1, aborts the transaction; and the same rows as one
   * statement per row, stopping at the first that fails (as a store on Galera now inserts them).
   * Shapes: 16 rows of 256 KiB (a staging batch of 4 MiB), 64 rows of 4 KiB, and 64 rows of 1 MiB
   * (64 MiB, which Connector/J 3.5.11 sent as more than one bulk command: the nodes' {@code
   * max_allowed_packet} is 64 MiB); each with the session in auto-commit mode and {@code START
   * TRANSACTION} and with auto-commit off. Prints per try as {@link #updateBatches} does, "PARTIAL"
   * if neither none nor all rows were inserted, or if the rows and n1's update of {@code p.x} were
   * not committed together. Bulk batches of 16 rows of 256 KiB and of 64 rows of 4 KiB were rolled
   * back whole in all of their 36 aborted tries each; 64 rows of 1 MiB were left in part in all of
   * their 36 (the first 15 rows rolled back, the other 49 committed, on n2 too); a statement per
   * row, in none of the 36 aborted tries of the three shapes. {@code
   * -Dtest=GaleraBulkAbortProbe#insertBatches}, ports and rounds as there; {@code
   * -Dblobkeep.galera.probe.shapes=0,1} runs only the first two shapes.
   */
  @Test
  void insertBatches() throws Exception {
    String[] ports = System.getProperty("blobkeep.galera.ports", "3320,4600").split(",");
    try (GaleraCluster cluster =
        GaleraCluster.start(Integer.parseInt(ports[0]), Integer.parseInt(ports[1]))) {
      cluster.sql(
          1,
          "CREATE DATABASE p; CREATE TABLE p.x (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB;"
              + " CREATE TABLE p.c (bid INT, idx BIGINT, crc BIGINT NOT NULL, data LONGBLOB,"
              + " PRIMARY KEY (bid, idx)) ENGINE=InnoDB");
      int rounds = Integer.getInteger("blobkeep.galera.probe.rounds", 4);
      int[] delays = {-1, 0, 2, 5, 10, 20, 40};
      int[][] shapes = {{16, 256 * 1024}, {64, 4 * 1024}, {64, 1024 * 1024}};
      String only = System.getProperty("blobkeep.galera.probe.shapes", "0,1,2");
      int id = 0;
      Map<String, int[]> partial = new TreeMap<>();
      for (int round = 0; round < rounds; round++) {
        for (int shape = 0; shape < shapes.length; shape++) {
          if (!("," + only + ",").contains("," + shape + ",")) {
            continue;
          }
          int rows = shapes[shape][0];
          int bytes = shapes[shape][1];
          for (int delay : delays) {
            for (boolean statements : new boolean[] {false, true}) {
              for (boolean autoCommitOff : new boolean[] {false, true}) {
                id += 10;
                String line =
                    abortedInsertBatch(cluster, id, delay, autoCommitOff, statements, rows, bytes);
                String key =
                    rows + "x" + bytes / 1024 + "KiB " + (statements ? "statements" : "bulk");
                int[] count = partial.computeIfAbsent(key, k -> new int[3]);
                count[0]++;
                if (delay >= 0) {
                  count[1]++;
                }
                if (line.contains("PARTIAL")) {
                  count[2]++;
                }
                System.out.println(
                    "probe insert "
                        + key
                        + " delay="
                        + (delay < 0 ? "none" : delay)
                        + (autoCommitOff ? " autocommit=off" : " autocommit=on+START TRANSACTION")
                        + ": "
                        + line);
              }
            }
          }
        }
      }
      partial.forEach(
          (k, c) ->
              System.out.println(
                  "probe insert "
                      + k
                      + ": "
                      + c[2]
                      + " partial of "
                      + c[0]
                      + " tries ("
                      + c[1]
                      + " with a conflicting write)"));
    }
  }

  private static String abortedInsertBatch(
      GaleraCluster cluster,
      int id,
      int delay,
      boolean autoCommitOff,
      boolean statements,
      int rows,
      int bytes)
      throws Exception {
    byte[] data = new byte[bytes];
    new Random(id).nextBytes(data);
    try (Connection setup = DriverManager.getConnection(cluster.jdbcUrl(1, "p"))) {
      setup.createStatement().executeUpdate("INSERT INTO p.x VALUES (" + id + ", 0)");
    }
    long abortsBefore = Long.parseLong(cluster.status(1).get("wsrep_local_bf_aborts"));
    String url = cluster.jdbcUrl(1, "p") + "&useServerPrepStmts=true&useBulkStmts=true";
    String result;
    try (Connection a = DriverManager.getConnection(url);
        Connection b = DriverManager.getConnection(cluster.jdbcUrl(2, "p"))) {
      Statement sa = a.createStatement();
      if (autoCommitOff) {
        a.setAutoCommit(false);
      } else {
        sa.execute("START TRANSACTION");
      }
      sa.executeUpdate("UPDATE p.x SET v = v + 1 WHERE id = " + id);
      CompletableFuture<String> batch =
          CompletableFuture.supplyAsync(
              () -> {
                long started = System.nanoTime();
                try (PreparedStatement ps =
                    a.prepareStatement(
                        "INSERT INTO p.c (bid, idx, crc, data) VALUES (?, ?, ?, ?)")) {
                  for (int i = 0; i < rows; i++) {
                    ps.setInt(1, id);
                    ps.setLong(2, i);
                    ps.setLong(3, i);
                    ps.setBytes(4, data);
                    if (statements) {
                      try {
                        ps.executeUpdate();
                      } catch (SQLException e) {
                        return "statement "
                            + i
                            + " failed in "
                            + ms(started)
                            + ": "
                            + e.getMessage();
                      }
                    } else {
                      ps.addBatch();
                    }
                  }
                  if (statements) {
                    return "statements ok in " + ms(started);
                  }
                  int[] counts = ps.executeBatch();
                  return "batch ok " + summary(counts) + " in " + ms(started);
                } catch (BatchUpdateException e) {
                  return "batch failed ("
                      + e.getErrorCode()
                      + ") "
                      + summary(e.getUpdateCounts())
                      + " in "
                      + ms(started)
                      + ": "
                      + e.getMessage();
                } catch (Exception e) {
                  return "batch failed: " + e;
                }
              });
      if (delay >= 0) {
        Thread.sleep(delay);
        b.createStatement().executeUpdate("UPDATE p.x SET v = v + 100 WHERE id = " + id);
      }
      result = batch.get(60, TimeUnit.SECONDS);
      try (ResultSet rs = sa.executeQuery("SELECT @@in_transaction")) {
        rs.next();
        result += "; in_transaction " + rs.getInt(1);
      } catch (Exception e) {
        result += "; in_transaction failed: " + e.getMessage();
      }
      try {
        if (autoCommitOff) {
          a.commit();
        } else {
          sa.execute("COMMIT");
        }
        result += "; commit ok";
      } catch (Exception e) {
        result += "; commit failed: " + e.getMessage();
        try {
          a.rollback();
        } catch (Exception ignored) {
          // the session is gone or had nothing to roll back
        }
      }
    }
    long aborts = Long.parseLong(cluster.status(1).get("wsrep_local_bf_aborts")) - abortsBefore;
    String[] counts =
        cluster
            .sql(
                1,
                "SELECT count(*) FROM p.c WHERE bid = "
                    + id
                    + "; SELECT v FROM p.x WHERE id = "
                    + id)
            .trim()
            .split("\\s+");
    String onN2 =
        cluster
            .sql(2, "SET SESSION wsrep_sync_wait = 1; SELECT count(*) FROM p.c WHERE bid = " + id)
            .trim();
    int inserted = Integer.parseInt(counts[0]);
    int v = Integer.parseInt(counts[1]);
    boolean ownUpdate = v % 100 == 1;
    return result
        + "; on n1: rows "
        + inserted
        + ", x "
        + v
        + "; on n2: rows "
        + onN2
        + "; bf aborts on n1 "
        + aborts
        + ((inserted != 0 && inserted != rows) || (inserted == rows) != ownUpdate
            ? "; PARTIAL"
            : "");
  }

  private static final int ROWS = 64;

  private static String abortedUpdateBatch(
      GaleraCluster cluster, int id, int delay, boolean autoCommitOff, boolean oneStatement)
      throws Exception {
    byte[] data = new byte[64 * 1024];
    new Random(id).nextBytes(data);
    try (Connection setup = DriverManager.getConnection(cluster.jdbcUrl(1, "p"))) {
      setup.createStatement().executeUpdate("INSERT INTO p.x VALUES (" + id + ", 0)");
      try (PreparedStatement ps =
          setup.prepareStatement("INSERT INTO p.c (bid, idx, crc, data) VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < ROWS; i++) {
          ps.setInt(1, id);
          ps.setLong(2, 1000 + i);
          ps.setLong(3, i);
          ps.setBytes(4, data);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    long abortsBefore = Long.parseLong(cluster.status(1).get("wsrep_local_bf_aborts"));
    String url = cluster.jdbcUrl(1, "p") + "&useServerPrepStmts=true&useBulkStmts=true";
    String result;
    try (Connection a = DriverManager.getConnection(url);
        Connection b = DriverManager.getConnection(cluster.jdbcUrl(2, "p"))) {
      Statement sa = a.createStatement();
      if (autoCommitOff) {
        a.setAutoCommit(false);
      } else {
        sa.execute("START TRANSACTION");
      }
      sa.executeUpdate("UPDATE p.x SET v = v + 1 WHERE id = " + id);
      CompletableFuture<String> batch =
          CompletableFuture.supplyAsync(
              () -> {
                long started = System.nanoTime();
                if (oneStatement) {
                  return oneStatement(a, id, started);
                }
                try (PreparedStatement ps =
                    a.prepareStatement(
                        "UPDATE p.c SET bid = ?, idx = ?, crc = ? WHERE bid = ? AND idx = ?")) {
                  for (int i = 0; i < ROWS; i++) {
                    ps.setInt(1, id + 1);
                    ps.setLong(2, i);
                    ps.setLong(3, -i);
                    ps.setInt(4, id);
                    ps.setLong(5, 1000 + i);
                    ps.addBatch();
                  }
                  int[] counts = ps.executeBatch();
                  return "batch ok " + summary(counts) + " in " + ms(started);
                } catch (BatchUpdateException e) {
                  return "batch failed ("
                      + e.getErrorCode()
                      + ") "
                      + summary(e.getUpdateCounts())
                      + " in "
                      + ms(started)
                      + ": "
                      + e.getMessage();
                } catch (Exception e) {
                  return "batch failed: " + e;
                }
              });
      if (delay >= 0) {
        Thread.sleep(delay);
        b.createStatement().executeUpdate("UPDATE p.x SET v = v + 100 WHERE id = " + id);
      }
      result = batch.get(30, TimeUnit.SECONDS);
      try (ResultSet rs = sa.executeQuery("SELECT @@in_transaction")) {
        rs.next();
        result += "; in_transaction " + rs.getInt(1);
      } catch (Exception e) {
        result += "; in_transaction failed: " + e.getMessage();
      }
      try {
        if (autoCommitOff) {
          a.commit();
        } else {
          sa.execute("COMMIT");
        }
        result += "; commit ok";
      } catch (Exception e) {
        result += "; commit failed: " + e.getMessage();
        try {
          a.rollback();
        } catch (Exception ignored) {
          // the session is gone or had nothing to roll back
        }
      }
    }
    long aborts = Long.parseLong(cluster.status(1).get("wsrep_local_bf_aborts")) - abortsBefore;
    String[] counts =
        cluster
            .sql(
                1,
                "SELECT count(*) FROM p.c WHERE bid = "
                    + id
                    + "; SELECT count(*) FROM p.c WHERE bid = "
                    + (id + 1)
                    + "; SELECT v FROM p.x WHERE id = "
                    + id)
            .trim()
            .split("\\s+");
    String onN2 =
        cluster
            .sql(
                2,
                "SET SESSION wsrep_sync_wait = 1; SELECT count(*) FROM p.c WHERE bid = "
                    + id
                    + "; SELECT count(*) FROM p.c WHERE bid = "
                    + (id + 1))
            .trim()
            .replaceAll("\\s+", "/");
    int left = Integer.parseInt(counts[0]);
    int moved = Integer.parseInt(counts[1]);
    return result
        + "; on n1: left "
        + left
        + ", moved "
        + moved
        + ", x "
        + counts[2]
        + "; on n2: left/moved "
        + onN2
        + "; bf aborts on n1 "
        + aborts
        + (moved != 0 && moved != ROWS ? "; PARTIAL" : "");
  }

  /** The same move as one {@code UPDATE} statement, its CRCs by {@code CASE}. */
  private static String oneStatement(Connection a, int id, long started) {
    StringBuilder sql = new StringBuilder("UPDATE p.c SET crc = CASE idx");
    for (int i = 0; i < ROWS; i++) {
      sql.append(" WHEN ? THEN ?");
    }
    // crc first: MariaDB assigns left to right, a later expression seeing the new idx
    sql.append(" END, bid = ?, idx = idx - 1000 WHERE bid = ? AND idx >= 1000 AND idx < ?");
    try (PreparedStatement ps = a.prepareStatement(sql.toString())) {
      int p = 1;
      for (int i = 0; i < ROWS; i++) {
        ps.setLong(p++, 1000 + i);
        ps.setLong(p++, -i);
      }
      ps.setInt(p++, id + 1);
      ps.setInt(p++, id);
      ps.setLong(p, 1000 + ROWS);
      return "statement ok " + ps.executeUpdate() + " rows in " + ms(started);
    } catch (Exception e) {
      return "statement failed in " + ms(started) + ": " + e.getMessage();
    }
  }

  private static String summary(int[] counts) {
    if (counts == null) {
      return "[no counts]";
    }
    Map<Integer, Integer> by = new TreeMap<>();
    for (int c : counts) {
      by.merge(c, 1, Integer::sum);
    }
    return counts.length + " counts " + by;
  }

  private static String ms(long started) {
    return (System.nanoTime() - started) / 1_000_000 + " ms";
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
