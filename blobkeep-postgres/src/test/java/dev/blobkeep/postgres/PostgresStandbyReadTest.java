package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.CopyOptions;
import dev.blobkeep.CopyReport;
import dev.blobkeep.PutOptions;
import dev.blobkeep.ReadFrom;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.PgCluster;
import dev.blobkeep.testkit.PgClusterAvailable;
import dev.blobkeep.testkit.PgFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ReadFrom#STANDBY_PREFERRED} on a 3-node pg_auto_failover cluster: the store's read pool is
 * on a standby ({@code pg_is_in_recovery()} there), a blob written on the primary is read from it
 * once replicated, and {@link BlobStore#primary()} and transactions read from the primary at once.
 * A store on the single test server is then copied onto the cluster. Skipped without
 * pg_auto_failover, failed instead under {@code CI=true}.
 */
@ExtendWith(PgClusterAvailable.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PostgresStandbyReadTest {
  private static final int BASE_PORT = 5460;
  private static final String READS = PostgresSettings.APPLICATION_NAME + "-reads";

  @Test
  void readsGoToAStandbyAndSeeWritesOnceReplicated() throws Exception {
    try (PgCluster cluster = PgCluster.start(BASE_PORT)) {
      StoreOptions options =
          StoreOptions.defaults()
              .readFrom(ReadFrom.STANDBY_PREFERRED)
              .lockTimeout(Duration.ofSeconds(30));
      try (BlobStore store = BlobStore.open(cluster.url(), options)) {
        byte[] data = Bytes.random(3 << 20, 1);
        BlobInfo put = store.put(data, PutOptions.at("standby", "one.bin"));

        // the primary sees its own write at once, in a transaction and through primary()
        assertThat(store.primary().info(put.ref())).isEqualTo(put);
        BlobInfo inTransaction = store.inTransaction(tx -> tx.info(put.ref()));
        assertThat(inTransaction).isEqualTo(put);

        awaitReplicated(store, put.ref());
        assertThat(store.info(put.ref())).isEqualTo(put);
        assertThat(Bytes.sha256(store.getBytes(put.ref()))).isEqualTo(put.sha256());

        List<String> readNodes = nodesWithSessions(cluster, READS);
        assertThat(readNodes).as("nodes holding the read pool's sessions").isNotEmpty();
        for (String node : readNodes) {
          assertThat(inRecovery(cluster, node)).as("node %s is a standby", node).isTrue();
        }
        assertThat(readNodes).doesNotContain(cluster.primary());
        assertThat(nodesWithSessions(cluster, PostgresSettings.APPLICATION_NAME))
            .containsExactly(cluster.primary());

        // a store on one server moves onto the cluster with copy, ids and bytes kept
        try (PgFixture single = new PgFixture();
            BlobStore from = single.open(StoreOptions.defaults())) {
          BlobInfo moved = from.put(Bytes.random(700_000, 2), PutOptions.at("moved", "a.bin"));
          CopyReport report = from.copyTo(store, CopyOptions.defaults());
          assertThat(report.failures()).isEmpty();
          assertThat(report.copied()).isEqualTo(1);
          assertThat(store.primary().info(moved.ref())).isEqualTo(moved);
        }
      }
    }
  }

  /** Waits (up to 60 s) until the store's plain reads, on a standby, see the blob. */
  private static void awaitReplicated(BlobStore store, BlobRef ref) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!store.exists(ref)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("blob " + ref.describe() + " not on the standby after 60 s");
      }
      Thread.sleep(20);
    }
  }

  /** The nodes where a session with this application name is open. */
  private static List<String> nodesWithSessions(PgCluster cluster, String app) throws Exception {
    List<String> out = new ArrayList<>();
    for (String node : List.of("n1", "n2", "n3")) {
      try (Connection c = DriverManager.getConnection(cluster.nodeUrl(node));
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + app + "'")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          out.add(node);
        }
      }
    }
    return out;
  }

  private static boolean inRecovery(PgCluster cluster, String node) throws Exception {
    try (Connection c = DriverManager.getConnection(cluster.nodeUrl(node));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
