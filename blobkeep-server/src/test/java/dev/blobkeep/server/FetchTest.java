package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.fetch.FetchOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /fetch against a small HTTP server on loopback. */
class FetchTest {
  @TempDir Path dir;
  HttpServer source;
  BlobStore store;
  final byte[] png = ServerTest.bytes(50_000, 7);

  @BeforeEach
  void startSource() throws Exception {
    source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    source.createContext(
        "/cat.png",
        x -> {
          x.getResponseHeaders().add("Content-Type", "image/png");
          x.sendResponseHeaders(200, png.length);
          x.getResponseBody().write(png);
          x.close();
        });
    source.createContext(
        "/missing",
        x -> {
          x.sendResponseHeaders(404, -1);
          x.close();
        });
    source.start();
    store = BlobStore.open(dir.resolve("f.db").toString(), StoreOptions.defaults().durable(false));
  }

  @AfterEach
  void stop() {
    source.stop(0);
    store.close();
  }

  String url(String path) {
    return "http://127.0.0.1:" + source.getAddress().getPort() + path;
  }

  BlobServer server(FetchOptions options) {
    return BlobServer.builder()
        .store(store)
        .port(0)
        .token(ServerTest.ADMIN + ":rw:*")
        .token(ServerTest.WRITER + ":rw:photos")
        .fetchOptions(options)
        .build()
        .start();
  }

  static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** POST /fetch with {@code Content-Type: application/json}. */
  static HttpResponse<byte[]> fetch(Http http, String body) {
    return http.post("/fetch", json(body), "Content-Type", "application/json");
  }

  @Test
  void fetchStoresTheBodyWithItsTypeAndSource() {
    try (BlobServer server = server(FetchOptions.defaults().allowPrivate(true));
        Http http = new Http(server.port(), ServerTest.ADMIN)) {
      HttpResponse<byte[]> r =
          http.post(
              "/fetch",
              json(
                  "{\"url\": \""
                      + url("/cat.png")
                      + "\", \"bucket\": \"photos\", \"key\": \"cat.png\", \"meta\": {\"owner\": \"ann\"}}"),
              "Content-Type",
              "application/json");

      assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
      Map<String, Object> info = Http.json(r);
      assertThat(info)
          .containsEntry("key", "cat.png")
          .containsEntry("content_type", "image/png")
          .containsEntry("sha256", ServerTest.sha256(png));
      @SuppressWarnings("unchecked")
      Map<String, Object> meta = (Map<String, Object>) info.get("meta");
      assertThat(meta).containsEntry("owner", "ann").containsEntry("source_url", url("/cat.png"));
      assertThat(http.get("/b/photos/cat.png").body()).isEqualTo(png);
    }
  }

  @Test
  void theLibrarysGuardsRefuseLoopbackByDefault() {
    try (BlobServer server = server(FetchOptions.defaults());
        Http http = new Http(server.port(), ServerTest.ADMIN)) {
      HttpResponse<byte[]> r =
          fetch(http, "{\"url\": \"" + url("/cat.png") + "\", \"bucket\": \"photos\"}");

      assertThat(ServerTest.error(r, 400)).contains("loopback").contains("allowPrivate");
      assertThat(
              ServerTest.error(
                  fetch(http, "{\"url\": \"file:///etc/passwd\", \"bucket\": \"photos\"}"), 400))
          .contains("not an http or https URL");
    }
  }

  @Test
  void aFailingSourceIs502AndBadRequestsAre4xx() {
    try (BlobServer server = server(FetchOptions.defaults().allowPrivate(true));
        Http http = new Http(server.port(), ServerTest.ADMIN)) {
      assertThat(
              ServerTest.error(
                  fetch(http, "{\"url\": \"" + url("/missing") + "\", \"bucket\": \"photos\"}"),
                  502))
          .contains("404");
      assertThat(ServerTest.error(fetch(http, "[1]"), 400)).contains("JSON object");
      assertThat(ServerTest.error(fetch(http, "{\"bucket\": \"photos\"}"), 400)).contains("'url'");
      assertThat(ServerTest.error(http.get("/fetch"), 405)).contains("GET");
      http.token = ServerTest.WRITER;
      assertThat(
              ServerTest.error(
                  fetch(http, "{\"url\": \"" + url("/cat.png") + "\", \"bucket\": \"docs\"}"), 403))
          .contains("'docs'");
    }
  }

  /**
   * A web page on another site can POST text/plain or a form without a CORS preflight: such a
   * request must not start a fetch. The source counts the requests it got.
   */
  @Test
  void onlyJsonRequestsStartAFetch() {
    AtomicInteger hits = new AtomicInteger();
    source.createContext(
        "/counted",
        x -> {
          hits.incrementAndGet();
          x.sendResponseHeaders(200, -1);
          x.close();
        });
    String body = "{\"url\": \"" + url("/counted") + "\", \"bucket\": \"photos\"}";
    try (BlobServer server = server(FetchOptions.defaults().allowPrivate(true));
        Http http = new Http(server.port(), ServerTest.ADMIN)) {
      assertThat(
              ServerTest.error(http.post("/fetch", json(body), "Content-Type", "text/plain"), 415))
          .isEqualTo(
              "fetch request must be sent as Content-Type: application/json, got text/plain");
      assertThat(
              ServerTest.error(
                  http.post(
                      "/fetch", json(body), "Content-Type", "application/x-www-form-urlencoded"),
                  415))
          .endsWith("got application/x-www-form-urlencoded");
      assertThat(ServerTest.error(http.post("/fetch", json(body)), 415))
          .endsWith("got no Content-Type");
      assertThat(hits).hasValue(0);
      assertThat(
              http.post("/fetch", json(body), "Content-Type", "Application/JSON; charset=utf-8")
                  .statusCode())
          .isEqualTo(201);
      assertThat(hits).hasValue(1);
    }
  }

  @Test
  void statusesFollowTheFailureKind() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    source.createContext(
        "/slow",
        x -> {
          try {
            Thread.sleep(2000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          x.close();
        });
    source.createContext(
        "/to-ftp",
        x -> {
          x.getResponseHeaders().set("Location", "ftp://127.0.0.1/file");
          x.sendResponseHeaders(302, -1);
          x.close();
        });
    FetchOptions options =
        FetchOptions.defaults().allowPrivate(true).readTimeout(Duration.ofMillis(300));
    try (BlobServer server = server(options);
        Http http = new Http(server.port(), ServerTest.ADMIN)) {
      assertThat(
              ServerTest.error(
                  fetch(
                      http,
                      "{\"url\": \"http://127.0.0.1:" + closed + "/\", \"bucket\": \"photos\"}"),
                  502))
          .endsWith("could not connect to 127.0.0.1 port " + closed + ": connection refused");
      assertThat(
              ServerTest.error(
                  fetch(http, "{\"url\": \"" + url("/to-ftp") + "\", \"bucket\": \"photos\"}"),
                  502))
          .endsWith("which is not an http or https URL");
      assertThat(
              ServerTest.error(
                  fetch(http, "{\"url\": \"http://[ff02::1]/\", \"bucket\": \"photos\"}"), 400))
          .contains("multicast address ff02:0:0:0:0:0:0:1");
      // Last: the source serves one request at a time and this one holds it.
      assertThat(
              ServerTest.error(
                  fetch(http, "{\"url\": \"" + url("/slow") + "\", \"bucket\": \"photos\"}"), 504))
          .endsWith("sent no response within 300 ms (readTimeout)");
    }
  }
}
