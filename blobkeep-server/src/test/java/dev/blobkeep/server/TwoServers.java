package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Server processes ({@link BlobServer#main}, each its own JVM, HTTP and S3 on free ports) over one
 * store, as behind a load balancer, and the checks {@link TwoServersTest} and {@link
 * TwoServersClusterTest} run on two of them. {@link #close()} stops them by their process.
 */
final class TwoServers implements AutoCloseable {
  static final String KEY = "admin";
  static final String SECRET = "admin-secret-7f3a9c1e";
  private static final Pattern SERVING =
      Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/ .*; S3 on http://127\\.0\\.0\\.1:(\\d+)/");

  private final List<Process> servers = new ArrayList<>();

  /** One server process's HTTP and S3 ports. */
  record Ports(int http, int s3) {}

  /**
   * Starts a server process on {@code location} and returns its ports, read from its start line.
   */
  Ports start(String location) throws IOException {
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

  /** Stops every server started (SIGTERM, SIGKILL after 30 s). */
  @Override
  public void close() throws InterruptedException {
    for (Process p : servers) {
      p.destroy();
    }
    for (Process p : servers) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /**
   * A blob written through {@code first} reads back through {@code second} at once; a conditional
   * write through {@code second} makes {@code first} answer 412 to the stale ETag; an S3 multipart
   * upload whose parts go to both completes with the right bytes. Leaves {@code /b/docs/a.txt}
   * holding "second" and S3 object {@code mpu/big} holding {@link #multipartBytes()}.
   */
  static void assertSharedStore(Ports first, Ports second) {
    try (Http a = new Http(first.http(), null);
        Http other = new Http(second.http(), null)) {
      byte[] body = "written through the first".getBytes(StandardCharsets.UTF_8);
      assertThat(a.put("/b/docs/a.txt", body).statusCode()).isEqualTo(201);
      var read = other.get("/b/docs/a.txt");
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).isEqualTo(body);

      String etag = read.headers().firstValue("ETag").orElseThrow();
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
      String e1 =
          s3b.uploadPart(
                  r -> r.bucket("mpu").key("big").uploadId(id).partNumber(1),
                  RequestBody.fromBytes(random(5 << 20, 1)))
              .eTag();
      String e2 =
          s3a.uploadPart(
                  r -> r.bucket("mpu").key("big").uploadId(id).partNumber(2),
                  RequestBody.fromBytes(random(1234, 2)))
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
      assertThat(back).isEqualTo(multipartBytes());
    }
  }

  /** The bytes of the multipart upload {@link #assertSharedStore} completes: its two parts. */
  static byte[] multipartBytes() {
    byte[] one = random(5 << 20, 1);
    byte[] two = random(1234, 2);
    byte[] both = new byte[one.length + two.length];
    System.arraycopy(one, 0, both, 0, one.length);
    System.arraycopy(two, 0, both, one.length, two.length);
    return both;
  }

  static S3Client s3(int port) {
    return S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
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

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
