package dev.blobkeep.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.blobkeep.fetch.FetchException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https over the pinned connection: an HTTPS server on 127.0.0.1 with a certificate for {@code
 * good.test} only (made by keytool), names resolved to 127.0.0.1 by the test's resolver. The
 * connection goes to the address, while TLS names and verifies the URL's host.
 */
class TlsFetchTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  @TempDir static Path dir;
  private static HttpsServer server;
  private static SSLContext client;

  @BeforeAll
  static void start() throws Exception {
    Path store = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=good.test",
                "-ext",
                "SAN=dns:good.test",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(kmf.getKeyManagers(), null, null);

    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("server", keys.getCertificate("server"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    server.createContext(
        "/a.txt",
        x -> {
          byte[] body = "over tls".getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().set("Content-Type", "text/plain");
          x.sendResponseHeaders(200, body.length);
          try (OutputStream out = x.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static Fetcher fetcher() {
    return new Fetcher(
        FetchOptions.defaults()
            .allowPrivate(true)
            .sslContext(client)
            .resolver(host -> List.of(InetAddress.getLoopbackAddress())));
  }

  private static URI uri(String host) {
    return URI.create("https://" + host + ":" + server.getAddress().getPort() + "/a.txt");
  }

  @Test
  void theCertificateIsVerifiedForTheUrlsHostWhileTheSocketGoesToTheCheckedAddress()
      throws IOException {
    try (FetchedBody body = fetcher().open(uri("good.test"))) {
      assertThat(new String(body.stream().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("over tls");
    }
  }

  @Test
  void aCertificateForAnotherNameIsATlsFailure() {
    assertThatThrownBy(() -> fetcher().open(uri("evil.test")))
        .isInstanceOf(FetchException.class)
        .hasMessageStartingWith(
            "GET "
                + uri("evil.test")
                + ": TLS with evil.test port "
                + server.getAddress().getPort())
        .extracting(t -> ((FetchException) t).kind())
        .isEqualTo(Kind.TLS);
  }

  @Test
  void anUntrustedCertificateIsATlsFailure() {
    Fetcher defaultTrust =
        new Fetcher(
            FetchOptions.defaults()
                .allowPrivate(true)
                .resolver(host -> List.of(InetAddress.getLoopbackAddress())));
    assertThatThrownBy(() -> defaultTrust.open(uri("good.test")))
        .extracting(t -> ((FetchException) t).kind())
        .isEqualTo(Kind.TLS);
  }
}
