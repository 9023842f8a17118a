package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.PutOptions;
import dev.blobkeep.fetch.FetchException;
import dev.blobkeep.fetch.FetchOptions;
import dev.blobkeep.fetch.Fetcher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** URL ingestion into a real store, from an HTTP server on loopback. */
public abstract class FetchContract extends ContractBase {
  private static final byte[] PNG = {
    (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13
  };

  private HttpServer server;
  private final Fetcher fetcher = new Fetcher(FetchOptions.defaults().allowPrivate(true));

  interface Handler {
    void handle(HttpExchange x) throws IOException;
  }

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void on(String path, Handler h) {
    server.createContext(
        path,
        x -> {
          try {
            h.handle(x);
          } finally {
            x.close();
          }
        });
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static void send(HttpExchange x, int status, String type, byte[] body)
      throws IOException {
    if (type != null) {
      x.getResponseHeaders().set("Content-Type", type);
    }
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void anAvatarIsStoredWithItsTypeFinalUrlAndStatus() {
    on(
        "/from",
        x -> {
          x.getResponseHeaders().set("Location", "/img");
          x.sendResponseHeaders(302, -1);
        });
    on("/img", x -> send(x, 200, "image/png", PNG));
    BlobInfo info =
        fetcher.fetch(
            store, uri("/from"), PutOptions.at("avatars", "user-42").meta("owner", "ann"));
    BlobInfo stored = store.info(BlobRef.key("avatars", "user-42"));
    assertThat(stored.id()).isEqualTo(info.id());
    assertThat(store.getBytes(info.ref())).isEqualTo(PNG);
    assertThat(stored.contentType()).isEqualTo("image/png");
    assertThat(stored.sha256()).isEqualTo(Bytes.sha256(PNG));
    assertThat(stored.meta())
        .containsEntry("owner", "ann")
        .containsEntry("source_url", uri("/from").toString())
        .containsEntry("final_url", uri("/img").toString());
    assertThat(((Number) stored.meta("http_status")).intValue()).isEqualTo(200);
  }

  @Test
  void theTypeIsSniffedWhenTheResponseHasNoneAndTheCallersTypeWinsIfSet() {
    on("/raw", x -> send(x, 200, null, PNG));
    assertThat(fetcher.fetch(store, uri("/raw"), PutOptions.defaults()).contentType())
        .isEqualTo("image/png");
    assertThat(
            fetcher
                .fetch(store, uri("/raw"), PutOptions.defaults().contentType("image/x-mine"))
                .contentType())
        .isEqualTo("image/x-mine");
  }

  @Test
  void aRefusedOrOversizeOrBrokenFetchStoresNothing() throws Exception {
    on("/404", x -> send(x, 404, "text/plain", new byte[] {1}));
    on(
        "/big",
        x -> {
          x.sendResponseHeaders(200, 0);
          try (OutputStream out = x.getResponseBody()) {
            for (int i = 0; i < 50; i++) {
              out.write(Bytes.random(CHUNK, i));
            }
          }
        });
    on(
        "/cut",
        x -> {
          x.sendResponseHeaders(200, 10 * CHUNK);
          x.getResponseBody().write(Bytes.random(3 * CHUNK, 1));
          x.getResponseBody().flush();
          throw new IOException("connection cut by the test");
        });
    Fetcher small = new Fetcher(FetchOptions.defaults().allowPrivate(true).maxSize(10 * CHUNK));
    assertThatThrownBy(() -> fetcher.fetch(store, uri("/404"), PutOptions.at("f", "a")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("404")
        .extracting(e -> ((FetchException) e).kind())
        .isEqualTo(FetchException.Kind.HTTP_STATUS);
    assertThatThrownBy(() -> small.fetch(store, uri("/big"), PutOptions.at("f", "b")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("larger than the " + 10 * CHUNK + "-byte limit (maxSize)")
        .extracting(e -> ((FetchException) e).kind())
        .isEqualTo(FetchException.Kind.TOO_LARGE);
    assertThatThrownBy(() -> fetcher.fetch(store, uri("/cut"), PutOptions.at("f", "c")))
        .isInstanceOf(FetchException.class)
        .extracting(e -> ((FetchException) e).kind())
        .isEqualTo(FetchException.Kind.CONNECTION_LOST);
    assertThat(rows("blobs")).isZero();
    assertThat(rows("chunks")).isZero();
  }

  @Test
  void privateAddressesAreRefusedUnlessAllowed() {
    on("/x", x -> send(x, 200, "text/plain", new byte[] {1}));
    Fetcher strict = new Fetcher(FetchOptions.defaults());
    assertThatThrownBy(() -> strict.fetch(store, uri("/x"), PutOptions.defaults()))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("127.0.0.1")
        .extracting(e -> ((FetchException) e).kind())
        .isEqualTo(FetchException.Kind.REFUSED_ADDRESS);
    assertThat(store.list(dev.blobkeep.Query.all()).items()).isEmpty();
  }
}
