package dev.blobkeep.bench;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.server.BlobServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A blobkeep server for the s3-* workloads: one SQLite store (default, durable options), its own
 * HTTP API (no tokens) and its S3 port (one read-write key), and one HTTP client that both sides of
 * a workload use, so that only the server's work differs. Thread-safe.
 */
final class S3Endpoint implements AutoCloseable {
  private static final String KEY = "bench";
  private static final String SECRET = "bench-secret-0123456789";

  private final Path db;
  private final BlobStore store;
  private final BlobServer server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final S3Signer signer = new S3Signer(KEY, SECRET);

  S3Endpoint(Path db) {
    this.db = db;
    Scratch.deleteDatabase(db);
    this.store = BlobStore.open(db.toString(), StoreOptions.defaults());
    this.server =
        BlobServer.builder()
            .store(store)
            .bind("127.0.0.1")
            .port(0)
            .noAuth(true)
            .accessLog(false)
            .s3Port(0)
            .s3Credential(KEY + ":" + SECRET + ":rw:*")
            .build()
            .start();
  }

  /** The four s3-* workloads, in the order they run. */
  static List<Workload> workloads(Content content, LargeData large, Path dir, BenchConfig config) {
    int n = S3Small.count(config);
    return List.of(
        new S3Small(content, dir, false, n),
        new S3Small(content, dir, true, n),
        new S3Large(large, dir, false),
        new S3Large(large, dir, true));
  }

  BlobStore store() {
    return store;
  }

  /** A signed S3 request: {@code path} is {@code /bucket/key}, {@code query} sorted or empty. */
  HttpRequest.Builder s3(String method, String path, String query, String payloadHash) {
    String host = "127.0.0.1:" + server.s3Port();
    URI uri = URI.create("http://" + host + path + (query.isEmpty() ? "" : "?" + query));
    return signer.sign(HttpRequest.newBuilder(uri), method, host, path, query, payloadHash);
  }

  /** A request to the HTTP API: {@code path} is {@code /b/bucket/key}. */
  HttpRequest.Builder api(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
  }

  /** Sends a request whose answer must be a 2xx; returns its body as text. */
  String send(HttpRequest request) throws Exception {
    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
    check(request, r.statusCode(), r.body());
    return r.body();
  }

  /** Sends a request whose answer must be a 2xx; returns its ETag header. */
  String sendForETag(HttpRequest request) throws Exception {
    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
    check(request, r.statusCode(), r.body());
    return r.headers().firstValue("ETag").orElse(null);
  }

  /** Sends a GET whose answer must be 200 and returns the bytes of its body, read and dropped. */
  long drain(HttpRequest request) throws Exception {
    HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        check(request, r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      byte[] buffer = new byte[1 << 16];
      long total = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
      }
      return total;
    }
  }

  private static void check(HttpRequest request, int status, String body) throws IOException {
    if (status / 100 != 2) {
      throw new IOException(
          request.method() + " " + request.uri() + " answered " + status + ": " + body);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      store.close();
      Scratch.deleteDatabase(db);
    }
  }
}
