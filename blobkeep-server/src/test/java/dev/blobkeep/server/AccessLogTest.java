package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One line per request through SLF4J: method, path, status, bytes, milliseconds; the S3 port's
 * requests too, tagged S3, and counted in {@code /metrics}.
 */
class AccessLogTest {
  private static final String S3_SECRET = "log-secret-0123456789abcdef";
  private BlobServer server;
  private Http http;
  private S3Client s3;

  /** A logger that keeps every INFO line (the SLF4J API only; no binding). */
  static final class Captured extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    final List<String> lines = new CopyOnWriteArrayList<>();

    Captured() {
      this.name = AccessLog.LOGGER;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String message, Object[] args, Throwable t) {
      lines.add(level + " " + MessageFormatter.basicArrayFormat(message, args));
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return false;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }

  private Captured start(boolean on, Path dir) {
    return start(on, dir, BlobServer.builder());
  }

  /** A server with an S3 port too, and an S3 client {@link #s3} of it. */
  private Captured startWithS3(boolean on, Path dir) {
    Captured log =
        start(
            on, dir, BlobServer.builder().s3Port(0).s3Credential("logkey:" + S3_SECRET + ":rw:*"));
    s3 =
        S3Client.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + server.s3Port()))
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("logkey", S3_SECRET)))
            .build();
    return log;
  }

  /** Starts {@code builder}'s server with its access log captured (or off). */
  private Captured start(boolean on, Path dir, BlobServer.Builder builder) {
    Captured log = new Captured();
    server =
        builder
            .location(dir.resolve("blobs.db").toString())
            .port(0)
            .token(ServerTest.ADMIN + ":rw:*")
            .accessLog(on)
            .accessLogger(log)
            .build()
            .start();
    http = new Http(server.port(), ServerTest.ADMIN);
    return log;
  }

  /**
   * The captured lines once there are {@code n} (waiting up to 10 s, then failing): a line is
   * written just after its response is sent, so a client may see the response first. The tests wait
   * for each request's line before the next request, so the lines are in request order.
   */
  static List<String> await(Captured log, int n) throws InterruptedException {
    for (int i = 0; i < 1000 && log.lines.size() < n; i++) {
      Thread.sleep(10);
    }
    assertThat(log.lines).as("access log lines").hasSize(n);
    return log.lines;
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
  void eachRequestIsOneLineWithMethodPathStatusBytesAndMillis(@TempDir Path dir) throws Exception {
    Captured log = start(true, dir);

    http.put("/b/docs/a%20b.txt?x=secret-query", new byte[] {1, 2, 3});
    await(log, 1);
    byte[] body = http.get("/b/docs/a%20b.txt").body();
    await(log, 2);
    http.get("/b/docs/missing");

    List<String> lines = await(log, 3);
    assertThat(lines.get(0)).matches("INFO PUT /b/docs/a%20b\\.txt 201 \\d+ \\d+ms");
    assertThat(lines.get(1)).matches("INFO GET /b/docs/a%20b\\.txt 200 " + body.length + " \\d+ms");
    assertThat(lines.get(2)).matches("INFO GET /b/docs/missing 404 \\d+ \\d+ms");
    assertThat(String.join("\n", log.lines))
        .doesNotContain(ServerTest.ADMIN)
        .doesNotContain("secret-query");
  }

  @Test
  void aRefusedRequestIsLoggedToo(@TempDir Path dir) throws Exception {
    Captured log = start(true, dir);
    http.token = "not-the-token-0123456789";

    http.get("/b");

    assertThat(await(log, 1)).singleElement().asString().matches("INFO GET /b 401 \\d+ \\d+ms");
    assertThat(log.lines.get(0)).doesNotContain("not-the-token");
  }

  @Test
  void turnedOffItWritesNothing(@TempDir Path dir) {
    Captured log = start(false, dir);

    http.put("/b/docs/a", new byte[] {1});

    assertThat(log.lines).isEmpty();
  }

  @Test
  void eachS3RequestIsOneTaggedLineAndCountedInMetrics(@TempDir Path dir) throws Exception {
    Captured log = startWithS3(true, dir);

    s3.createBucket(b -> b.bucket("logs"));
    await(log, 1);
    s3.putObject(b -> b.bucket("logs").key("a b"), RequestBody.fromString("hello"));
    await(log, 2);
    byte[] body = s3.getObjectAsBytes(b -> b.bucket("logs").key("a b")).asByteArray();
    await(log, 3);
    catchThrowable(() -> s3.getObjectAsBytes(b -> b.bucket("logs").key("missing")));

    List<String> lines = await(log, 4); // each line follows its request's metrics
    assertThat(lines.get(0)).matches("INFO S3 PUT /logs 200 0 \\d+ms");
    assertThat(lines.get(1)).matches("INFO S3 PUT /logs/a%20b 200 0 \\d+ms");
    assertThat(lines.get(2)).matches("INFO S3 GET /logs/a%20b 200 " + body.length + " \\d+ms");
    assertThat(lines.get(3)).matches("INFO S3 GET /logs/missing 404 \\d+ \\d+ms");
    assertThat(String.join("\n", log.lines)).doesNotContain("logkey").doesNotContain(S3_SECRET);

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
    Captured log = startWithS3(false, dir);

    s3.createBucket(b -> b.bucket("logs"));

    assertThat(log.lines).isEmpty();
  }
}
