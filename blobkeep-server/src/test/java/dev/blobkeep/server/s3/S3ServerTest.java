package dev.blobkeep.server.s3;

import dev.blobkeep.BlobStore;
import dev.blobkeep.server.BlobServer;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A blobkeep server with its S3 port on a fresh store of the class's backend, and AWS SDK clients
 * with their default settings (checksums included) pointed at it. Subclasses are
 * {@code @ParameterizedClass}es over {@link S3Backends#names()}.
 */
abstract class S3ServerTest {
  static final String ADMIN_KEY = "admin";
  static final String ADMIN_SECRET = "admin-secret-7f3a9c1e";
  static final String READER_KEY = "reader";
  static final String READER_SECRET = "reader-secret-5b2d8e0f";

  @Parameter String backendName;
  @TempDir Path dir;

  S3Backends.Backend backend;
  BlobStore store;
  BlobServer server;
  S3Client s3;

  @BeforeEach
  void startServer() {
    backend = S3Backends.open(backendName, dir, durable());
    store = backend.store();
    server =
        BlobServer.builder()
            .store(served(store))
            .port(0)
            .noAuth(true)
            .accessLog(false)
            .s3Port(0)
            .s3Credential(ADMIN_KEY + ":" + ADMIN_SECRET + ":rw:*")
            .s3Credential(READER_KEY + ":" + READER_SECRET + ":ro:photos")
            .build()
            .start();
    s3 = client(ADMIN_KEY, ADMIN_SECRET);
  }

  @AfterEach
  void stopServer() {
    if (s3 != null) {
      s3.close();
    }
    if (server != null) {
      server.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  /** The store the server is given: {@code store} itself unless a test interposes on it. */
  BlobStore served(BlobStore store) {
    return store;
  }

  /** Whether the store is durable; not by default, which spares a flush per commit. */
  boolean durable() {
    return false;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.s3Port());
  }

  S3Client client(String key, String secret) {
    // tag::client[]
    S3Client s3 =
        S3Client.builder()
            .endpointOverride(endpoint()) // http://127.0.0.1:9000
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
            .build();
    // end::client[]
    return s3;
  }
}
