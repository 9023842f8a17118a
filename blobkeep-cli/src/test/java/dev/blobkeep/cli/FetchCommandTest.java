package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class FetchCommandTest {
  private static final byte[] BODY = TestData.allByteValues(70_000);

  private HttpServer server;
  private String base;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/logo.png", exchange -> send(exchange, 200, "image/png", BODY));
    server.createContext(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().set("Location", "/logo.png");
          send(exchange, 302, null, new byte[0]);
        });
    server.createContext("/missing", exchange -> send(exchange, 404, "text/plain", new byte[3]));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @CliTest
  void storesTheBodyWithItsTypeAndSourceAndPrintsTheId(Cli cli) {
    Cli.Result result =
        cli.run(
                "fetch",
                base + "/moved",
                "--allow-private",
                "--bucket",
                "web",
                "--key",
                "logo.png",
                "--meta",
                "owner=ann")
            .ok();

    String id = result.out().strip();
    assertThat(result.out()).matches(PutCommandTest.UUID + "\n");
    assertThat(cli.get("web/logo.png")).isEqualTo(BODY);
    JsonNode info = TestData.json(cli.run("info", id).ok().out());
    assertThat(info.get("content_type").asText()).isEqualTo("image/png");
    assertThat(info.get("meta").get("owner").asText()).isEqualTo("ann");
    assertThat(info.get("meta").get("source_url").asText()).isEqualTo(base + "/moved");
    assertThat(info.get("meta").get("final_url").asText()).isEqualTo(base + "/logo.png");
  }

  @CliTest
  void loopbackIsRefusedWithoutAllowPrivateAndNothingIsStored(Cli cli) {
    String message = cli.run("fetch", base + "/logo.png").failure(1);

    assertThat(message).contains("loopback address 127.0.0.1");
    assertThat(cli.run("ls", "--json").ok().out()).isEmpty();
  }

  @CliTest
  void aBodyOverMaxSizeIsRefusedAndNothingIsStored(Cli cli) {
    String message =
        cli.run("fetch", base + "/logo.png", "--allow-private", "--max-size", "64K").failure(1);

    assertThat(message).contains("70000 bytes").contains("65536-byte limit");
    assertThat(cli.run("ls", "--json").ok().out()).isEmpty();
  }

  @CliTest
  void anErrorAnswerFailsNamingIt(Cli cli) {
    assertThat(cli.run("fetch", base + "/missing", "--allow-private").failure(1))
        .isEqualTo("blobkeep: GET " + base + "/missing answered 404 Not Found");
  }

  @CliTest
  void badUrlsAndSizesAreUsageErrors(Cli cli) {
    assertThat(cli.run("fetch", "http://exa mple.com/").failure(2))
        .contains("'http://exa mple.com/' is not a URL");
    assertThat(cli.run("fetch", base, "--max-size", "lots").failure(2)).contains("'lots'");
  }

  @CliTest
  void aUrlTheLibraryRefusesIsAUsageError(Cli cli) {
    assertThat(cli.run("fetch", "file:///etc/passwd").failure(2))
        .isEqualTo(
            "blobkeep: file:///etc/passwd is not an http or https URL (see 'blobkeep fetch"
                + " --help')");
    assertThat(cli.run("fetch", "http://ann:secret@example.com/").failure(2))
        .contains("has user info (credentials)")
        .doesNotContain("secret");
  }

  @CliTest
  void aClosedPortNamesHostPortAndTheRefusal(Cli cli) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/report.pdf";

    assertThat(cli.run("fetch", url, "--allow-private").failure(1))
        .isEqualTo(
            "blobkeep: GET "
                + url
                + " could not connect to 127.0.0.1 port "
                + port
                + ": connection refused");
    assertThat(cli.run("ls", "--json").ok().out()).isEmpty();
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    if (type != null) {
      exchange.getResponseHeaders().set("Content-Type", type);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
