package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The connection's idle timeout times out a client that stops sending (408; S3: RequestTimeout),
 * never a request the store keeps waiting: that one completes, or gets the store's own 503 (S3:
 * ServiceUnavailable, which the SDKs retry) when the store gives up. The store is kept waiting by a
 * real SQLite write lock held on another connection for longer than the server's idle timeout, as a
 * failover keeps a PostgreSQL store waiting.
 */
class StoreStallTest {
  private static final String TOKEN = "stall-s3cret-1d2e3f4a";
  private static final String ACCESS = "stall";
  private static final String SECRET = "stall-secret-123456";
  // Long enough that a client thread starved of CPU on a loaded machine does not stall a body
  // past it (seen at 1 s with a load average of 12 on 2 cores); the lock outlasts it well.
  private static final Duration IDLE = Duration.ofSeconds(2);
  private static final long LOCK_MILLIS = 5_000;

  /** Far more than the socket buffers hold, so the server stops reading while the store waits. */
  private static final int BIG = 32 * 1024 * 1024;

  private static final Pattern CONTENT_LENGTH =
      Pattern.compile("(?i)\r\ncontent-length: *(\\d+)\r\n");

  @TempDir Path dir;
  private Path file;
  private BlobStore store;
  private BlobServer server;
  private Http http;

  @BeforeEach
  void start() {
    file = dir.resolve("stall.db");
    store =
        BlobStore.open(
            file.toString(),
            StoreOptions.defaults().durable(false).lockTimeout(Duration.ofSeconds(20)));
    store.createBucket("docs");
    server =
        BlobServer.builder()
            .store(store)
            .port(0)
            .token(TOKEN + ":rw:*")
            .accessLog(false)
            .limits(Limits.defaults().idleTimeout(IDLE))
            .s3Port(0)
            .s3Credential(ACCESS + ":" + SECRET + ":rw:*")
            .build()
            .start();
    http = new Http(server.port(), TOKEN);
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
    store.close();
  }

  @Test
  void aPutTheStoreKeepsWaitingPastTheIdleTimeoutCompletes() throws Exception {
    CompletableFuture<Void> lock = holdWriteLock();

    HttpResponse<byte[]> r = http.put("/b/docs/waited", bytes(BIG));
    lock.get();

    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
    assertThat(store.info(BlobRef.key("docs", "waited")).sha256()).isEqualTo(sha256(bytes(BIG)));
  }

  @Test
  void aPutTheStoreGivesUpOnIs503OnBothApisAndStoresNothing() throws Exception {
    try (BlobStore impatient =
            BlobStore.open(
                file.toString(),
                StoreOptions.defaults().durable(false).lockTimeout(Duration.ofMillis(300)));
        BlobServer second =
            BlobServer.builder()
                .store(impatient)
                .port(0)
                .token(TOKEN + ":rw:*")
                .accessLog(false)
                .s3Port(0)
                .s3Credential(ACCESS + ":" + SECRET + ":rw:*")
                .build()
                .start();
        Http api = new Http(second.port(), TOKEN);
        S3Client s3 =
            s3(second.s3Port())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
      s3.listBuckets(); // the SDK's first call loads a lot: not under the lock
      HttpResponse<byte[]> r;
      Throwable s3Failure;
      try (WriteLock lock = new WriteLock(file)) {
        r = api.put("/b/docs/refused", bytes(100_000));
        s3Failure =
            catchThrowable(
                () ->
                    s3.putObject(
                        b -> b.bucket("docs").key("refused-s3"),
                        RequestBody.fromBytes(bytes(100_000))));
      }

      assertThat(ServerTest.error(r, 503)).startsWith("store unavailable: ");
      assertThat(s3Failure)
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(503);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
              });
      assertThat(store.exists(BlobRef.key("docs", "refused"))).isFalse();
      assertThat(store.exists(BlobRef.key("docs", "refused-s3"))).isFalse();
    }
  }

  @Test
  void aClientThatStopsSendingItsBodyGets408() throws IOException {
    String answer =
        stalledPut(
            "PUT /b/docs/stalled HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.port()
                + "\r\nAuthorization: Bearer "
                + TOKEN
                + "\r\nContent-Length: 1000\r\n\r\n",
            server.port());

    assertThat(answer).startsWith("HTTP/1.1 408 ").contains("request body stopped arriving");
    assertThat(store.exists(BlobRef.key("docs", "stalled"))).isFalse();
  }

  @Test
  void anS3PutTheStoreKeepsWaitingPastTheIdleTimeoutCompletes() throws Exception {
    try (S3Client once =
        s3(server.s3Port())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build()) {
      once.listBuckets(); // the SDK's first call loads a lot: not under the lock
      CompletableFuture<Void> lock = holdWriteLock();

      once.putObject(b -> b.bucket("docs").key("s3-waited"), RequestBody.fromBytes(bytes(BIG)));
      lock.get();

      assertThat(store.info(BlobRef.key("docs", "s3-waited")).sha256())
          .isEqualTo(sha256(bytes(BIG)));
    }
  }

  @Test
  void anS3ClientThatStopsSendingItsBodyGetsRequestTimeout() throws IOException {
    URL url;
    try (S3Presigner presigner =
        S3Presigner.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + server.s3Port()))
            .region(Region.US_EAST_1)
            .serviceConfiguration(
                software.amazon.awssdk.services.s3.S3Configuration.builder()
                    .pathStyleAccessEnabled(true)
                    .build())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
            .build()) {
      url =
          presigner
              .presignPutObject(
                  p ->
                      p.signatureDuration(Duration.ofMinutes(5))
                          .putObjectRequest(b -> b.bucket("docs").key("s3-stalled")))
              .url();
    }

    String answer =
        stalledPut(
            "PUT "
                + url.getFile()
                + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.s3Port()
                + "\r\nContent-Length: 1000\r\n\r\n",
            server.s3Port());

    assertThat(answer).startsWith("HTTP/1.1 400 ").contains("<Code>RequestTimeout</Code>");
    assertThat(store.exists(BlobRef.key("docs", "s3-stalled"))).isFalse();
  }

  private static S3ClientBuilder s3(int port) {
    return S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)));
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] b) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** Sends {@code head}, 10 of the 1,000 body bytes it declares, then nothing; the answer. */
  private static String stalledPut(String head, int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[10]);
      out.flush();
      return response(socket.getInputStream());
    }
  }

  /** One HTTP response with a Content-Length body, read up to its end or the connection's. */
  private static String response(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    for (int n; (n = in.read(buf)) > 0; ) {
      got.write(buf, 0, n);
      String text = got.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      Matcher length = CONTENT_LENGTH.matcher(text);
      if (end >= 0 && length.find() && got.size() >= end + 4 + Integer.parseInt(length.group(1))) {
        break;
      }
    }
    return got.toString(StandardCharsets.UTF_8);
  }

  /** Takes the store file's write lock on a connection of its own; lets go after LOCK_MILLIS. */
  private CompletableFuture<Void> holdWriteLock() throws SQLException {
    WriteLock lock = new WriteLock(file);
    return CompletableFuture.runAsync(
        () -> {
          try (lock) {
            Thread.sleep(LOCK_MILLIS);
          } catch (InterruptedException e) {
            throw new IllegalStateException("holding the write lock: " + e, e);
          }
        });
  }

  /** A SQLite write lock (BEGIN IMMEDIATE) held on a connection of its own until closed. */
  private static final class WriteLock implements AutoCloseable {
    private final Connection c;

    WriteLock(Path file) throws SQLException {
      c = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = c.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
      }
    }

    @Override
    public void close() {
      try (c;
          Statement s = c.createStatement()) {
        s.execute("ROLLBACK");
      } catch (SQLException e) {
        throw new IllegalStateException("letting go of the write lock: " + e, e);
      }
    }
  }
}
