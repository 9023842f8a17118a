package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Two server processes ({@link BlobServer#main}, each its own JVM) over one PostgreSQL store, as
 * behind a load balancer: a blob written through one is read through the other at once, a
 * conditional write through one is seen by the other (412 for a stale ETag), and an S3 multipart
 * upload whose parts go to different servers completes. Needs PostgreSQL (skipped without it,
 * failed under {@code CI=true}).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TwoServersTest {
  private static final String KEY = "admin";
  private static final String SECRET = "admin-secret-7f3a9c1e";
  private static final Pattern SERVING =
      Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/ .*; S3 on http://127\\.0\\.0\\.1:(\\d+)/");

  @TempDir Path dir;
  private final List<Process> servers = new ArrayList<>();
  private String schema;

  private record Ports(int http, int s3) {}

  @AfterEach
  void stop() throws Exception {
    for (Process p : servers) {
      p.destroy();
    }
    for (Process p : servers) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(pgUrl());
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  @Test
  void writesThroughOneServerAreSeenThroughTheOtherAtOnce() throws Exception {
    Backends.open("postgres", dir).close(); // skips, or fails under CI, without a server
    byte[] b = new byte[6];
    new SecureRandom().nextBytes(b);
    schema = "bk_two_" + HexFormat.of().formatHex(b);
    String location = pgUrl() + (pgUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    Ports first = start(location);
    Ports second = start(location);

    try (Http a = new Http(first.http(), null);
        Http other = new Http(second.http(), null)) {
      byte[] body = "written through the first".getBytes(StandardCharsets.UTF_8);
      assertThat(a.put("/b/docs/a.txt", body).statusCode()).isEqualTo(201);
      HttpResponse read = HttpResponse.of(other.get("/b/docs/a.txt"));
      assertThat(read.body()).isEqualTo(body);

      String etag = read.etag();
      var replaced = other.put("/b/docs/a.txt", "second".getBytes(), "If-Match", etag);
      assertThat(replaced.statusCode()).isIn(200, 201);
      var stale = a.put("/b/docs/a.txt", "lost".getBytes(), "If-Match", etag);
      assertThat(stale.statusCode()).isEqualTo(412);
      assertThat(Http.text(a.get("/b/docs/a.txt"))).isEqualTo("second");
    }

    try (S3Client s3a = s3(first.s3());
        S3Client s3b = s3(second.s3())) {
      s3a.createBucket(r -> r.bucket("mpu"));
      String id = s3a.createMultipartUpload(r -> r.bucket("mpu").key("big")).uploadId();
      byte[] one = random(5 << 20, 1);
      byte[] two = random(1234, 2);
      String e1 =
          s3b.uploadPart(
                  r -> r.bucket("mpu").key("big").uploadId(id).partNumber(1),
                  RequestBody.fromBytes(one))
              .eTag();
      String e2 =
          s3a.uploadPart(
                  r -> r.bucket("mpu").key("big").uploadId(id).partNumber(2),
                  RequestBody.fromBytes(two))
              .eTag();
      s3b.completeMultipartUpload(
          r ->
              r.bucket("mpu")
                  .key("big")
                  .uploadId(id)
                  .multipartUpload(
                      m ->
                          m.parts(
                              CompletedPart.builder().partNumber(1).eTag(e1).build(),
                              CompletedPart.builder().partNumber(2).eTag(e2).build())));
      byte[] back = s3a.getObjectAsBytes(r -> r.bucket("mpu").key("big")).asByteArray();
      byte[] both = new byte[one.length + two.length];
      System.arraycopy(one, 0, both, 0, one.length);
      System.arraycopy(two, 0, both, one.length, two.length);
      assertThat(back).isEqualTo(both);
    }
  }

  /** A response's body and entity tag. */
  private record HttpResponse(byte[] body, String etag) {
    static HttpResponse of(java.net.http.HttpResponse<byte[]> r) {
      assertThat(r.statusCode()).isEqualTo(200);
      return new HttpResponse(r.body(), r.headers().firstValue("ETag").orElseThrow());
    }
  }

  /** Starts a server process on the store and returns its ports, read from its start line. */
  private Ports start(String location) throws IOException {
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m",
            "-cp",
            System.getProperty("java.class.path"),
            BlobServer.class.getName(),
            "--db",
            location,
            "--port",
            "0",
            "--no-auth",
            "--no-access-log",
            "--s3-port",
            "0",
            "--s3-credentials",
            KEY + ":" + SECRET + ":rw:*");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    servers.add(p);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      Matcher m = SERVING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> drain(out), "server output");
        drain.setDaemon(true);
        drain.start();
        return new Ports(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      }
    }
    throw new AssertionError("server ended before serving: " + seen);
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // discarded: the server's log after its start line
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  private static S3Client s3(int port) {
    return S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
  }

  private static String pgUrl() {
    return System.getenv().getOrDefault("BLOBKEEP_PG_URL", Backends.DEFAULT_PG_URL);
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
