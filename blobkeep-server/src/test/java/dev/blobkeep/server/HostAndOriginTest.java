package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobRef;
import dev.blobkeep.Query;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server is safe with a browser nearby: it answers only the Host names it is for (no DNS
 * rebinding), and refuses writes a browser sends from another web site (no cross-site form posts),
 * in every mode.
 */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.Backends#names")
class HostAndOriginTest extends ServerTest {

  /** A raw answer: status and the JSON body. */
  record Answer(int status, String body) {
    String error() {
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = Http.JSON.readValue(body, Map.class);
        assertThat(json).containsOnlyKeys("error");
        String message = (String) json.get("error");
        assertThat(message).doesNotContain("\n");
        return message;
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  /** Sends a request with exactly these headers (and the admin token) over a socket. */
  static Answer send(int port, String method, String path, byte[] body, String... headers) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      for (int i = 0; i < headers.length; i += 2) {
        head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      head.append("Authorization: Bearer ").append(ADMIN).append("\r\n");
      head.append("Content-Length: ").append(body.length).append("\r\n");
      head.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(answer.substring(9, 12));
      int blank = answer.indexOf("\r\n\r\n");
      return new Answer(status, blank < 0 ? "" : answer.substring(blank + 4));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Answer send(String method, String path, String... headers) {
    return send(server.port(), method, path, "x".getBytes(StandardCharsets.US_ASCII), headers);
  }

  String self() {
    return "127.0.0.1:" + server.port();
  }

  @Test
  void aRequestForAnotherHostIs421NamingItAndStoresNothing() {
    Answer put = send("PUT", "/b/docs/a", "Host", "evil.example", "Origin", "http://evil.example");
    Answer get = send("GET", "/b", "Host", "evil.example:" + server.port());

    assertThat(put.status()).isEqualTo(421);
    assertThat(put.error()).contains("'evil.example'").contains(self());
    assertThat(get.status()).isEqualTo(421);
    assertThat(get.error()).contains("'evil.example:" + server.port() + "'");
    assertThat(store.exists(BlobRef.key("docs", "a"))).isFalse();
  }

  @Test
  void loopbackNamesAreAnsweredOnlyWithTheServersPort() {
    for (String host : List.of(self(), "localhost:" + server.port(), "[::1]:" + server.port())) {
      assertThat(send("GET", "/healthz", "Host", host).status()).as(host).isEqualTo(200);
    }
    for (String host : List.of("127.0.0.1:" + (server.port() + 1), "localhost", "127.0.0.1")) {
      Answer a = send("GET", "/healthz", "Host", host);
      assertThat(a.status()).as(host).isEqualTo(421);
      assertThat(a.error()).contains("'" + host + "'");
    }
  }

  @Test
  void aWriteFromAnotherOriginIs403NamingItAndStoresNothing() {
    Answer put = send("PUT", "/b/docs/a", "Host", self(), "Origin", "http://evil.example");
    Answer form =
        send(
            "POST",
            "/b/docs",
            "Host",
            self(),
            "Origin",
            "http://localhost:" + server.port(),
            "Content-Type",
            "text/plain");
    Answer sandboxed = send("DELETE", "/b/docs/a", "Host", self(), "Origin", "null");
    Answer crossSite = send("PUT", "/b/docs/a", "Host", self(), "Sec-Fetch-Site", "cross-site");

    assertThat(put.status()).isEqualTo(403);
    assertThat(put.error()).contains("'http://evil.example'").contains("--allow-origin");
    // Another name of the same machine is another origin.
    assertThat(form.status()).isEqualTo(403);
    assertThat(form.error()).contains("'http://localhost:" + server.port() + "'");
    assertThat(sandboxed.status()).isEqualTo(403);
    assertThat(crossSite.status()).isEqualTo(403);
    assertThat(crossSite.error()).contains("cross-site");
    assertThat(store.list(Query.bucket("docs")).items()).isEmpty();
  }

  @Test
  void writesFromTheServersOwnPageAndFromNonBrowsersAreServed() {
    Answer own =
        send(
            "PUT",
            "/b/docs/a",
            "Host",
            self(),
            "Origin",
            "http://" + self(),
            "Sec-Fetch-Site",
            "same-origin");
    Answer plain = send("PUT", "/b/docs/b", "Host", self());
    Answer read = send("GET", "/b/docs/a", "Host", self(), "Origin", "http://evil.example");

    assertThat(own.status()).isEqualTo(201);
    assertThat(plain.status()).isEqualTo(201);
    assertThat(read.status()).isEqualTo(200);
    assertThat(store.getBytes(BlobRef.key("docs", "a"))).containsExactly('x');
  }

  @Test
  void publicHostsAndAllowedOriginsAreServed() {
    try (BlobServer proxied =
        BlobServer.builder()
            .store(store)
            .port(0)
            .token(ADMIN + ":rw:*")
            .publicHost("Blobs.Example.com")
            .publicHost("alt.example:8443")
            .allowOrigin("https://app.example.com")
            .build()
            .start()) {
      int port = proxied.port();
      List<Integer> statuses = new ArrayList<>();
      for (String host :
          List.of("blobs.example.com", "blobs.example.com:443", "alt.example:8443")) {
        statuses.add(send(port, "GET", "/healthz", new byte[0], "Host", host).status());
      }
      Answer wrongPort = send(port, "GET", "/healthz", new byte[0], "Host", "alt.example:9999");
      Answer viaProxy =
          send(
              port,
              "PUT",
              "/b/docs/p",
              new byte[] {1},
              "Host",
              "blobs.example.com",
              "Origin",
              "https://blobs.example.com");
      Answer allowed =
          send(
              port,
              "PUT",
              "/b/docs/q",
              new byte[] {1},
              "Host",
              "blobs.example.com",
              "Origin",
              "https://app.example.com",
              "Sec-Fetch-Site",
              "cross-site");
      Answer other =
          send(
              port,
              "PUT",
              "/b/docs/r",
              new byte[] {1},
              "Host",
              "blobs.example.com",
              "Origin",
              "https://other.example.com");

      assertThat(statuses).containsOnly(200);
      assertThat(wrongPort.status()).isEqualTo(421);
      assertThat(viaProxy.status()).isEqualTo(201);
      assertThat(allowed.status()).isEqualTo(201);
      assertThat(other.status()).isEqualTo(403);
      assertThat(store.exists(BlobRef.key("docs", "r"))).isFalse();
    }
  }

  @Test
  void withoutAuthenticationTheSameRulesHold() {
    try (BlobServer open = BlobServer.builder().store(store).port(0).noAuth(true).build().start()) {
      Answer rebound =
          send(
              open.port(),
              "PUT",
              "/b/docs/a",
              new byte[] {1},
              "Host",
              "evil.example",
              "Origin",
              "http://evil.example");
      Answer crossSite =
          send(
              open.port(),
              "POST",
              "/b/docs",
              new byte[] {1},
              "Host",
              "127.0.0.1:" + open.port(),
              "Origin",
              "http://evil.example",
              "Content-Type",
              "text/plain");

      assertThat(rebound.status()).isEqualTo(421);
      assertThat(crossSite.status()).isEqualTo(403);
      assertThat(store.list(Query.bucket("docs")).items()).isEmpty();
    }
  }

  @Test
  void badPublicHostsAndOriginsAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> BlobServer.builder().publicHost("a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a b'");
    assertThatThrownBy(() -> BlobServer.builder().publicHost("x.example:99999"))
        .hasMessageContaining("'x.example:99999'");
    assertThatThrownBy(() -> BlobServer.builder().allowOrigin("app.example.com"))
        .hasMessageContaining("'app.example.com'")
        .hasMessageContaining("https://");
    assertThatThrownBy(() -> BlobServer.builder().allowOrigin("https://a.example/path"))
        .hasMessageContaining("'https://a.example/path'");
    assertThatThrownBy(
            () -> ServerArgs.parse(new String[] {"--no-auth", "--allow-origin", "ftp://x"}))
        .hasMessageContaining("'ftp://x'");
  }
}
