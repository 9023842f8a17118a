package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.testkit.PgCluster;
import dev.blobkeep.testkit.PgClusterAvailable;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two server processes over one store on a 3-node pg_auto_failover cluster, reached through its
 * multi-host URL ({@code targetServerType=primary}): the checks of {@link TwoServersTest} ({@link
 * TwoServers#assertSharedStore}), then the primary's node is crashed (keeper and postmaster,
 * SIGKILL) and both servers, left running, must accept a write again within {@value
 * #FAILOVER_SECONDS} s, each reading what the other wrote and what was written before the crash.
 * Prints the time from the crash to each server's first acknowledged write. Skipped without
 * pg_auto_failover, failed instead under {@code CI=true}.
 */
@ExtendWith(PgClusterAvailable.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TwoServersClusterTest {
  private static final int BASE_PORT = 5460;
  private static final long FAILOVER_SECONDS = 180;

  @Test
  void bothServersShareTheClusterAndServeThroughAFailover() throws Exception {
    try (PgCluster cluster = PgCluster.start(BASE_PORT);
        TwoServers servers = new TwoServers()) {
      TwoServers.Ports first = servers.start(cluster.url());
      TwoServers.Ports second = servers.start(cluster.url());
      TwoServers.assertSharedStore(first, second);

      String oldPrimary = cluster.primary();
      cluster.crashNode(oldPrimary);
      long crashed = System.nanoTime();
      long deadline = crashed + TimeUnit.SECONDS.toNanos(FAILOVER_SECONDS);
      try (Http a = new Http(first.http(), null);
          Http b = new Http(second.http(), null);
          S3Client s3a = TwoServers.s3(first.s3());
          S3Client s3b = TwoServers.s3(second.s3())) {
        byte[] viaA = "written through the first after the crash".getBytes(StandardCharsets.UTF_8);
        byte[] viaB = "written through the second after the crash".getBytes(StandardCharsets.UTF_8);
        Map<String, Integer> refused = new TreeMap<>();
        double firstA = awaitWrite(a, "/b/after/a.txt", viaA, deadline, refused, crashed);
        double firstB = awaitWrite(b, "/b/after/b.txt", viaB, deadline, refused, crashed);
        System.out.printf(
            Locale.ROOT,
            "two servers over the cluster: primary %s crashed, %s primary now; first write"
                + " acknowledged %.1f s (first server) and %.1f s (second) after the crash;"
                + " refused meanwhile: %s%n",
            oldPrimary,
            cluster.primary(),
            firstA,
            firstB,
            refused);
        // A failover is the store being unavailable: 503, or no answer in the client's time;
        // never a client error, and never a connection the server dropped.
        assertThat(refused.keySet())
            .allSatisfy(answer -> assertThat(answer).matches("(?s)(503 |timed out: ).*"));

        for (Http server : new Http[] {a, b}) {
          assertThat(body(server, "/b/after/a.txt")).isEqualTo(viaA);
          assertThat(body(server, "/b/after/b.txt")).isEqualTo(viaB);
          assertThat(Http.text(server.get("/b/docs/a.txt"))).isEqualTo("second");
        }
        for (S3Client s3 : new S3Client[] {s3a, s3b}) {
          byte[] big = s3.getObjectAsBytes(r -> r.bucket("mpu").key("big")).asByteArray();
          assertThat(big).isEqualTo(TwoServers.multipartBytes());
        }
      }
    }
  }

  /**
   * Puts {@code body} through {@code server} until it is acknowledged (201), counting the other
   * answers by status and message (or "no answer"); returns the seconds from {@code crashed} to the
   * answer.
   */
  private static double awaitWrite(
      Http server,
      String path,
      byte[] body,
      long deadline,
      Map<String, Integer> refused,
      long crashed)
      throws InterruptedException {
    String last = "nothing tried";
    while (System.nanoTime() < deadline) {
      String outcome;
      try {
        var r = server.put(path, body);
        if (r.statusCode() == 201) {
          return (System.nanoTime() - crashed) / 1e9;
        }
        outcome = r.statusCode() + " " + Http.text(r).strip();
        refused.merge(outcome, 1, Integer::sum);
      } catch (UncheckedIOException e) {
        outcome =
            (e.getCause() instanceof HttpTimeoutException ? "timed out: " : "no answer: ")
                + e.getMessage();
        refused.merge(outcome, 1, Integer::sum);
      }
      last = outcome;
      Thread.sleep(1000);
    }
    throw new AssertionError(
        "no write through port "
            + server.port
            + " acknowledged within "
            + FAILOVER_SECONDS
            + " s of the crash; last answer: "
            + last);
  }

  private static byte[] body(Http server, String path) {
    var r = server.get(path);
    assertThat(r.statusCode()).as("GET %s on port %d", path, server.port).isEqualTo(200);
    return r.body();
  }
}
