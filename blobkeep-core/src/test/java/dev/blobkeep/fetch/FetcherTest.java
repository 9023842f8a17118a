package dev.blobkeep.fetch;

import static dev.blobkeep.fetch.FetchFailures.assertFetchFails;
import static dev.blobkeep.fetch.TestServer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.fetch.FetchException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fetches from a real HTTP server on 127.0.0.1. Address refusals are checked before any traffic, so
 * the URLs naming other addresses never send a packet.
 */
class FetcherTest {
  private static final byte[] PNG = {
    (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13
  };

  private TestServer server;
  private final Fetcher fetcher = new Fetcher(FetchOptions.defaults().allowPrivate(true));

  @BeforeEach
  void start() throws IOException {
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  /** The kind of a FetchException, or of the one an IOException from a body carries. */
  private static byte[] readAll(FetchedBody body) throws IOException {
    try (body) {
      return body.stream().readAllBytes();
    }
  }

  /** A fetcher that may reach only the test server's address, with allowPrivate off. */
  private static Fetcher strict(FetchOptions options) {
    return new Fetcher(options.allowPrivate(false), Set.of(InetAddress.getLoopbackAddress()));
  }

  @Test
  void opensBodyWithTheResponsesContentType() throws IOException {
    byte[] body = randomBytes(100_000);
    server.on("/a.bin", x -> send(x, 200, "Image/PNG; foo=Bar", body));
    FetchedBody fetched = fetcher.open(server.uri("/a.bin"));
    assertThat(fetched.contentType()).isEqualTo("image/png; foo=Bar");
    assertThat(fetched.contentTypeSniffed()).isFalse();
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.contentLength()).isEqualTo(body.length);
    assertThat(fetched.finalUri()).isEqualTo(fetched.sourceUri()).isEqualTo(server.uri("/a.bin"));
    assertThat(readAll(fetched)).isEqualTo(body);
  }

  @Test
  void sniffsTheTypeWhenTheResponseHasNoneAndKeepsEveryByte() throws IOException {
    byte[] png = new byte[5000];
    System.arraycopy(PNG, 0, png, 0, PNG.length);
    server.on("/png", x -> send(x, 200, null, png));
    server.on("/json", x -> send(x, 200, null, "{\"a\": [1, 2]}".getBytes(StandardCharsets.UTF_8)));
    server.on(
        "/text", x -> send(x, 200, "not a type", "plain words".getBytes(StandardCharsets.UTF_8)));
    server.on("/binary", x -> send(x, 200, null, new byte[] {0, 1, 2, 3}));
    FetchedBody fetched = fetcher.open(server.uri("/png"));
    assertThat(fetched.contentType()).isEqualTo("image/png");
    assertThat(fetched.contentTypeSniffed()).isTrue();
    assertThat(readAll(fetched)).isEqualTo(png);
    assertThat(fetcher.open(server.uri("/json")).contentType()).isEqualTo("application/json");
    assertThat(fetcher.open(server.uri("/text")).contentType())
        .isEqualTo("text/plain; charset=utf-8");
    assertThat(fetcher.open(server.uri("/binary")).contentType())
        .isEqualTo("application/octet-stream");
  }

  @Test
  void followsRedirectsAbsoluteAndRelative() throws IOException {
    server.on("/ok", x -> send(x, 200, "text/plain", "done".getBytes(StandardCharsets.UTF_8)));
    server.on("/hop1", x -> redirect(x, 301, server.uri("/hop2").toString()));
    server.on("/hop2", x -> redirect(x, 307, "ok#fragment"));
    FetchedBody fetched = fetcher.open(server.uri("/hop1"));
    assertThat(fetched.sourceUri()).isEqualTo(server.uri("/hop1"));
    assertThat(fetched.finalUri()).isEqualTo(server.uri("/ok"));
    assertThat(readAll(fetched)).asString(StandardCharsets.UTF_8).isEqualTo("done");
  }

  @Test
  void followsAtMostMaxRedirects() throws IOException {
    server.on("/ok", x -> send(x, 200, "text/plain", new byte[] {1}));
    server.on(
        "/r/",
        x -> {
          int n = Integer.parseInt(x.getRequestURI().getPath().substring(3));
          redirect(x, 302, n == 0 ? "/ok" : "/r/" + (n - 1));
        });
    assertThat(readAll(fetcher.open(server.uri("/r/4")))).hasSize(1); // 5 redirects
    assertThatThrownBy(() -> fetcher.open(server.uri("/r/5")))
        .isInstanceOf(FetchException.class)
        .hasMessage(
            "GET "
                + server.uri("/r/5")
                + " redirected more than 5 times (maxRedirects); the next hop was "
                + server.uri("/ok"))
        .extracting(FetchFailures::kindOf)
        .isEqualTo(Kind.TOO_MANY_REDIRECTS);
    Fetcher none = new Fetcher(FetchOptions.defaults().allowPrivate(true).maxRedirects(0));
    assertThatThrownBy(() -> none.open(server.uri("/r/0")))
        .hasMessageContaining("redirected more than 0 times");
  }

  @Test
  void refusesRedirectToAnotherScheme() {
    server.on("/ftp", x -> redirect(x, 302, "ftp://127.0.0.1/file"));
    assertFetchFails(
            () -> fetcher.open(server.uri("/ftp")),
            server.uri("/ftp"),
            " redirects to ftp://127.0.0.1/file, which is not an http or https URL",
            Kind.BAD_REDIRECT)
        .isInstanceOf(FetchException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://10.0.0.1/x", "http://169.254.169.254/latest/meta-data/"})
  void refusesRedirectToAPrivateAddressWithoutAllowPrivate(String target) {
    server.on("/go", x -> redirect(x, 302, target));
    URI source = server.uri("/go");
    String address = URI.create(target).getHost();
    String kind = address.startsWith("10.") ? "private" : "link-local";
    assertThatThrownBy(() -> strict(FetchOptions.defaults()).open(source))
        .isInstanceOf(FetchException.class)
        .hasMessage(
            "redirect to "
                + target
                + " (from "
                + source
                + ") resolves to "
                + kind
                + " address "
                + address
                + "; allow private addresses (allowPrivate, --allow-private) to fetch from it");
    assertThat(server.requests).hasValue(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://10.0.0.1/",
        "http://127.0.0.1:PORT/",
        "http://localhost:PORT/",
        "http://[::1]:PORT/",
        "https://192.168.0.10/x",
        "http://172.20.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://100.64.0.1/",
        "http://198.18.0.1/",
        "http://192.0.0.1/",
        "http://[64:ff9b::a00:1]/",
        "http://[64:ff9b:1::1]/",
        "http://[2002:c0a8:1::1]/",
        "http://[fec0::1]/"
      })
  void refusesNonPublicAddressesWithoutAllowPrivate(String url) {
    URI uri = URI.create(url.replace("PORT", Integer.toString(server.port())));
    assertThatThrownBy(() -> new Fetcher().open(uri))
        .isInstanceOf(FetchException.class)
        .hasMessageStartingWith(uri + " resolves to ")
        .hasMessageEndingWith(
            "; allow private addresses (allowPrivate, --allow-private) to fetch from it");
    assertThat(server.requests).hasValue(0);
  }

  @Test
  void refusalNamesUrlAndAddress() {
    assertThatThrownBy(() -> new Fetcher().open(URI.create("http://10.0.0.1/")))
        .hasMessage(
            "http://10.0.0.1/ resolves to private address 10.0.0.1; allow private addresses (allowPrivate, --allow-private) to fetch from it");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://0.0.0.0:PORT/", "http://[::]:PORT/", "http://224.0.0.1/"})
  void refusesUnspecifiedAndMulticastEvenWithAllowPrivate(String url) {
    URI uri = URI.create(url.replace("PORT", Integer.toString(server.port())));
    assertThatThrownBy(() -> fetcher.open(uri))
        .isInstanceOf(FetchException.class)
        .hasMessageStartingWith(uri + " resolves to ")
        .hasMessageEndingWith(", which fetch never connects to, even with allowPrivate");
    assertThat(server.requests).hasValue(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://127.0.0.1/x", "file:///etc/passwd", "mailto:someone@example.com"})
  void refusesSchemesOtherThanHttp(String url) {
    assertThatThrownBy(() -> fetcher.open(URI.create(url)))
        .isInstanceOf(FetchException.class)
        .hasMessage(url + " is not an http or https URL")
        .extracting(FetchFailures::kindOf)
        .isEqualTo(Kind.BAD_URL);
  }

  @Test
  void refusesCredentialsInTheUrl() {
    assertThatThrownBy(() -> fetcher.open(URI.create("http://ann:secret@127.0.0.1/")))
        .isInstanceOf(FetchException.class)
        .hasMessage(
            "the URL has user info (credentials) before host 127.0.0.1; fetch does not send"
                + " credentials")
        .message()
        .doesNotContain("secret");
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 500, 302, 304, 418})
  void nonSuccessAnswersAreErrors(int status) {
    server.on("/s", x -> send(x, status, "text/plain", "oops".getBytes(StandardCharsets.UTF_8)));
    String answered =
        switch (status) {
          case 404 -> "404 Not Found";
          case 500 -> "500 Internal Server Error";
          case 302 -> "302 Found without a Location header";
          case 304 -> "304 Not Modified";
          default -> "418";
        };
    assertThatThrownBy(() -> fetcher.open(server.uri("/s")))
        .isInstanceOf(FetchException.class)
        .hasMessage("GET " + server.uri("/s") + " answered " + answered)
        .extracting(FetchFailures::kindOf)
        .isEqualTo(status == 302 ? Kind.BAD_REDIRECT : Kind.HTTP_STATUS);
  }

  @Test
  void slowHeadersTimeOut() {
    server.on("/slow", x -> server.stall());
    Fetcher quick =
        new Fetcher(
            FetchOptions.defaults()
                .allowPrivate(true)
                .connectTimeout(Duration.ofMillis(200))
                .readTimeout(Duration.ofMillis(300)));
    long start = System.nanoTime();
    assertFetchFails(
            () -> quick.open(server.uri("/slow")),
            server.uri("/slow"),
            " sent no response within 300 ms (readTimeout)",
            Kind.TIMEOUT)
        .isInstanceOf(FetchException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void stalledBodyTimesOutAfterTheBytesSoFar() throws IOException {
    server.on(
        "/stall",
        x -> {
          x.getResponseHeaders().set("Content-Type", "application/octet-stream");
          x.sendResponseHeaders(200, 1000);
          OutputStream out = x.getResponseBody();
          out.write(new byte[100]);
          out.flush();
          server.stall();
        });
    Fetcher quick =
        new Fetcher(FetchOptions.defaults().allowPrivate(true).readTimeout(Duration.ofMillis(300)));
    FetchedBody fetched = quick.open(server.uri("/stall"));
    assertFetchFails(
            () -> readAll(fetched),
            server.uri("/stall"),
            " sent no data for 300 ms (readTimeout) after 100 bytes",
            Kind.TIMEOUT)
        .isInstanceOf(IOException.class);
  }

  @Test
  void deadlineBoundsTheWholeFetch() {
    server.on(
        "/drip",
        x -> {
          x.getResponseHeaders().set("Content-Type", "text/plain");
          x.sendResponseHeaders(200, 0);
          OutputStream out = x.getResponseBody();
          for (int i = 0; i < 100; i++) {
            out.write('a');
            out.flush();
            Thread.sleep(50);
          }
        });
    Fetcher bounded =
        new Fetcher(FetchOptions.defaults().allowPrivate(true).deadline(Duration.ofMillis(700)));
    FetchedBody fetched = bounded.open(server.uri("/drip"));
    assertThatThrownBy(() -> readAll(fetched))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "GET " + server.uri("/drip") + " did not finish within the 700 ms deadline after ");
  }

  @Test
  void declaredOversizeIsRefusedBeforeReading() {
    server.on("/big", x -> send(x, 200, "application/octet-stream", new byte[2000]));
    Fetcher small = new Fetcher(FetchOptions.defaults().allowPrivate(true).maxSize(1000));
    assertFetchFails(
            () -> small.open(server.uri("/big")),
            server.uri("/big"),
            " declares 2000 bytes (Content-Length), more than the 1000-byte limit (maxSize)",
            Kind.TOO_LARGE)
        .isInstanceOf(FetchException.class);
  }

  @Test
  void undeclaredOversizeFailsTheRead() throws IOException {
    server.on("/chunked", x -> chunked(x, new byte[2000]));
    server.on("/exact", x -> chunked(x, new byte[1000]));
    Fetcher small = new Fetcher(FetchOptions.defaults().allowPrivate(true).maxSize(1000));
    assertThat(readAll(small.open(server.uri("/exact")))).hasSize(1000);
    FetchedBody fetched = small.open(server.uri("/chunked"));
    assertThat(fetched.contentLength()).isEqualTo(-1);
    assertFetchFails(
            () -> readAll(fetched),
            server.uri("/chunked"),
            " body is larger than the 1000-byte limit (maxSize); nothing was stored",
            Kind.TOO_LARGE)
        .isInstanceOf(IOException.class);
  }

  @Test
  void connectionLostMidBodyFailsTheRead() {
    server.on("/cut", x -> cut(x, "application/octet-stream"));
    assertThatThrownBy(() -> readAll(fetcher.open(server.uri("/cut"))))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "GET " + server.uri("/cut") + " failed after 10 bytes of the body: ")
        .extracting(FetchFailures::kindOf)
        .isEqualTo(Kind.CONNECTION_LOST);
  }

  @Test
  void failureWhileSniffingComesFromOpen() {
    server.on("/cut", x -> cut(x, null));
    assertThatThrownBy(() -> fetcher.open(server.uri("/cut")))
        .isInstanceOf(FetchException.class)
        .hasMessageStartingWith(
            "GET " + server.uri("/cut") + " failed after 10 bytes of the body: ");
  }

  /** Declares 1000 bytes, sends 10, and closes the connection. */
  private static void cut(com.sun.net.httpserver.HttpExchange x, String type) throws IOException {
    if (type != null) {
      x.getResponseHeaders().set("Content-Type", type);
    }
    x.sendResponseHeaders(200, 1000);
    x.getResponseBody().write(new byte[10]);
    x.getResponseBody().flush();
    throw new IOException("drop"); // TestServer then closes the exchange short
  }

  @Test
  void aClosedPortNamesHostPortAndTheRefusal() throws IOException {
    int port = closedPort();
    URI uri = URI.create("http://127.0.0.1:" + port + "/");
    assertFetchFails(
            () -> fetcher.open(uri),
            uri,
            " could not connect to 127.0.0.1 port " + port + ": connection refused",
            Kind.CONNECT_REFUSED)
        .isInstanceOf(FetchException.class);
    Fetcher named =
        new Fetcher(
            FetchOptions.defaults()
                .allowPrivate(true)
                .resolver(host -> List.of(InetAddress.getLoopbackAddress())));
    URI byName = URI.create("http://closed.test:" + port + "/x");
    assertThatThrownBy(() -> named.open(byName))
        .hasMessage(
            "GET "
                + byName
                + " could not connect to closed.test (127.0.0.1) port "
                + port
                + ": connection refused");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * DNS rebinding: the name answers an allowed address when checked and loopback afterwards. The
   * fetch must ask once and connect to the checked address; a client that resolved again to connect
   * would reach the loopback server. 127.0.0.2 stands for the allowed public address (it is
   * exempted from the check, and nothing listens on it), 127.0.0.1 for the target.
   */
  @Test
  void theAddressCheckedIsTheAddressConnectedTo() throws IOException {
    server.on("/secret", x -> send(x, 200, "text/plain", new byte[] {1}));
    InetAddress allowed = InetAddress.getByName("127.0.0.2");
    AtomicInteger lookups = new AtomicInteger();
    HostResolver rebinding =
        host ->
            List.of(lookups.getAndIncrement() == 0 ? allowed : InetAddress.getLoopbackAddress());
    Fetcher pinned =
        new Fetcher(
            FetchOptions.defaults().allowPrivate(false).resolver(rebinding), Set.of(allowed));
    URI uri = URI.create("http://rebind.test:" + server.port() + "/secret");

    assertThatThrownBy(() -> pinned.open(uri))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining(" could not connect to rebind.test (127.0.0.2) port ")
        .extracting(FetchFailures::kindOf)
        .isIn(Kind.CONNECT_REFUSED, Kind.CONNECT_FAILED);
    assertThat(server.requests).hasValue(0);
    assertThat(lookups).hasValue(1);
  }

  /** Each redirect hop is resolved once more, checked, and refused before any request. */
  @Test
  void everyRedirectHopIsResolvedAndCheckedAgain() {
    server.on("/go", x -> redirect(x, 302, "http://inner.test:" + server.port() + "/secret"));
    server.on("/secret", x -> send(x, 200, "text/plain", new byte[] {1}));
    Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    HostResolver resolver =
        host -> {
          int n = lookups.computeIfAbsent(host, h -> new AtomicInteger()).getAndIncrement();
          boolean inner = host.equals("inner.test");
          return List.of(
              inner && n == 0
                  ? InetAddress.getByName("10.1.2.3")
                  : InetAddress.getLoopbackAddress());
        };
    Fetcher strict =
        new Fetcher(
            FetchOptions.defaults().allowPrivate(false).resolver(resolver),
            Set.of(InetAddress.getLoopbackAddress()));
    URI source = URI.create("http://outer.test:" + server.port() + "/go");

    assertThatThrownBy(() -> strict.open(source))
        .hasMessageStartingWith(
            "redirect to http://inner.test:"
                + server.port()
                + "/secret (from "
                + source
                + ") resolves to private address 10.1.2.3; ")
        .extracting(FetchFailures::kindOf)
        .isEqualTo(Kind.REFUSED_ADDRESS);
    assertThat(server.requests).hasValue(1);
    assertThat(lookups.get("outer.test")).hasValue(1);
    assertThat(lookups.get("inner.test")).hasValue(1);
  }

  @Test
  void aNameIsRefusedIfAnyOfItsAddressesIs() throws IOException {
    Fetcher mixed =
        new Fetcher(
            FetchOptions.defaults()
                .resolver(
                    host ->
                        List.of(
                            InetAddress.getByName("93.184.216.34"),
                            InetAddress.getByName("169.254.169.254"))));
    assertThatThrownBy(() -> mixed.open(URI.create("http://mixed.test/")))
        .hasMessage(
            "http://mixed.test/ resolves to link-local address 169.254.169.254; allow private"
                + " addresses (allowPrivate, --allow-private) to fetch from it")
        .extracting(FetchFailures::kindOf)
        .isEqualTo(Kind.REFUSED_ADDRESS);
  }

  @Test
  void anUnknownHostIsADnsFailure() {
    Fetcher nowhere =
        new Fetcher(
            FetchOptions.defaults()
                .resolver(
                    host -> {
                      throw new UnknownHostException(host);
                    }));
    assertThatThrownBy(() -> nowhere.open(URI.create("http://nowhere.test/")))
        .hasMessage("http://nowhere.test/: cannot resolve host nowhere.test")
        .extracting(FetchFailures::kindOf)
        .isEqualTo(Kind.DNS_FAILURE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://192.0.2.1/",
        "http://203.0.113.9/",
        "http://240.0.0.1/",
        "http://255.255.255.255/",
        "http://[2001::1]/",
        "http://[2001:db8::1]/",
        "http://[100::1]/"
      })
  void refusesRangesWhereNoServerLivesEvenWithAllowPrivate(String url) {
    assertThatThrownBy(() -> fetcher.open(URI.create(url)))
        .hasMessageEndingWith(", which fetch never connects to, even with allowPrivate")
        .extracting(FetchFailures::kindOf)
        .isEqualTo(Kind.REFUSED_ADDRESS);
  }

  @Test
  void closingAnUnreadBodyCancelsIt() throws IOException {
    server.on("/big", x -> chunked(x, new byte[1 << 20]));
    FetchedBody fetched = fetcher.open(server.uri("/big"));
    InputStream in = fetched.stream();
    assertThat(in.read()).isZero();
    fetched.close();
    fetched.close();
    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
  }

  @Test
  void optionsNameTheRefusedValue() {
    assertThatThrownBy(() -> FetchOptions.defaults().maxSize(-1))
        .hasMessage("maxSize must be at least 0 bytes, got -1");
    assertThatThrownBy(() -> FetchOptions.defaults().readTimeout(Duration.ZERO))
        .hasMessage("readTimeout must be positive, got PT0S");
    assertThatThrownBy(() -> FetchOptions.defaults().maxRedirects(21))
        .hasMessage("maxRedirects must be 0 to 20, got 21");
  }

  private static void redirect(com.sun.net.httpserver.HttpExchange x, int status, String location)
      throws IOException {
    x.getResponseHeaders().set("Location", location);
    x.sendResponseHeaders(status, -1);
  }

  private static void chunked(com.sun.net.httpserver.HttpExchange x, byte[] body)
      throws IOException {
    x.getResponseHeaders().set("Content-Type", "application/octet-stream");
    x.sendResponseHeaders(200, 0);
    try (OutputStream out = x.getResponseBody()) {
      for (int off = 0; off < body.length; off += 100) {
        out.write(body, off, Math.min(100, body.length - off));
      }
    }
  }
}
