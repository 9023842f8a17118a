package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 port's requests in the server's access log and in {@code /metrics}. */
class S3AccessLogTest {
  private static final String SECRET = "log-secret-0123456789abcdef";
  private BlobServer server;
  private S3Client s3;
  private Http http;

  private AccessLogTest.Captured start(boolean on, Path dir) {
    AccessLogTest.Captured log = new AccessLogTest.Captured();
    server =
        BlobServer.builder()
            .location(dir.resolve("blobs.db").toString())
            .port(0)
            .token(ServerTest.ADMIN + ":rw:*")
            .accessLog(on)
            .accessLogger(log)
            .s3Port(0)
            .s3Credential("logkey:" + SECRET + ":rw:*")
            .build()
            .start();
    s3 =
        S3Client.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + server.s3Port()))
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("logkey", SECRET)))
            .build();
    http = new Http(server.port(), ServerTest.ADMIN);
    return log;
  }

  @AfterEach
  void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (http != null) {
      http.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void eachS3RequestIsOneTaggedLineAndCountedInMetrics(@TempDir Path dir) {
    AccessLogTest.Captured log = start(true, dir);

    s3.createBucket(b -> b.bucket("logs"));
    s3.putObject(b -> b.bucket("logs").key("a b"), RequestBody.fromString("hello"));
    byte[] body = s3.getObjectAsBytes(b -> b.bucket("logs").key("a b")).asByteArray();
    catchThrowable(() -> s3.getObjectAsBytes(b -> b.bucket("logs").key("missing")));

    assertThat(log.lines).hasSize(4);
    assertThat(log.lines.get(0)).matches("INFO S3 PUT /logs 200 0 \\d+ms");
    assertThat(log.lines.get(1)).matches("INFO S3 PUT /logs/a%20b 200 0 \\d+ms");
    assertThat(log.lines.get(2)).matches("INFO S3 GET /logs/a%20b 200 " + body.length + " \\d+ms");
    assertThat(log.lines.get(3)).matches("INFO S3 GET /logs/missing 404 \\d+ \\d+ms");
    assertThat(String.join("\n", log.lines)).doesNotContain("logkey").doesNotContain(SECRET);

    String metrics = Http.text(http.get("/metrics"));
    assertThat(metrics)
        .contains("blobkeep_s3_requests_total{method=\"PUT\",status=\"200\"} 2")
        .contains("blobkeep_s3_requests_total{method=\"GET\",status=\"200\"} 1")
        .contains("blobkeep_s3_requests_total{method=\"GET\",status=\"404\"} 1")
        .contains("blobkeep_s3_requests_in_flight 0");
    assertThat(ListingTest.value(metrics, "blobkeep_s3_received_bytes_total")).isGreaterThan(5);
    assertThat(ListingTest.value(metrics, "blobkeep_s3_sent_bytes_total"))
        .isGreaterThan(body.length);
    // The API's own series count only its own requests: this /metrics call is in flight.
    assertThat(metrics).doesNotContain("blobkeep_http_requests_total{method=\"PUT\"");
  }

  @Test
  void turnedOffTheS3PortWritesNothingEither(@TempDir Path dir) {
    AccessLogTest.Captured log = start(false, dir);

    s3.createBucket(b -> b.bucket("logs"));

    assertThat(log.lines).isEmpty();
  }
}
