package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * A server on a random loopback port over a fresh store of the backend the class is run with, and
 * an HTTP client holding the all-powerful token. Subclasses are {@code @ParameterizedClass}es over
 * {@link Backends#names()}.
 */
abstract class ServerTest {
  static final String ADMIN = "admin-s3cret-7f3a9c1e";
  static final String VIEWER = "viewer-s3cret-5b2d8e0f";
  static final String WRITER = "writer-s3cret-a4c6e1d9";

  @Parameter String backendName;
  @TempDir Path dir;

  Backends.Backend backend;
  BlobStore store;
  BlobServer server;
  Http http;

  /** The server's limits; tests of limits override this. */
  Limits limits() {
    return Limits.defaults();
  }

  @BeforeEach
  void startServer() {
    backend = Backends.open(backendName, dir);
    store = backend.store();
    server =
        BlobServer.builder()
            .store(store)
            .port(0)
            .token(ADMIN + ":rw:*")
            .token(VIEWER + ":ro:photos,docs")
            .token(WRITER + ":rw:photos")
            .limits(limits())
            .build()
            .start();
    http = new Http(server.port(), ADMIN);
  }

  @AfterEach
  void stopServer() {
    if (http != null) {
      http.close();
    }
    if (server != null) {
      server.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  /** Asserts the status and that the body is {@code {"error": ...}}; returns the message. */
  static String error(HttpResponse<byte[]> response, int status) {
    assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    Map<String, Object> body = Http.json(response);
    assertThat(body).containsOnlyKeys("error");
    String message = (String) body.get("error");
    assertThat(message).isNotBlank().doesNotContain("\n").doesNotContain("Exception");
    return message;
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] b) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
