package dev.blobkeep.fetch;

import static dev.blobkeep.fetch.TestServer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches into a real store. blobkeep-core has no backend on its test class path (blobkeep-sqlite
 * depends on core), so here this is skipped with a message; it runs wherever a backend is present
 * (copy it into blobkeep-sqlite's tests, or a testkit contract).
 */
class FetchStoreTest {
  @TempDir Path dir;
  private TestServer server;
  private BlobStore store;
  private final Fetcher fetcher =
      new Fetcher(FetchOptions.defaults().allowPrivate(true).maxSize(100_000));

  @BeforeEach
  void start() throws IOException {
    try {
      store = BlobStore.open(dir.resolve("fetch.db").toString());
    } catch (InvalidArgumentException | UnsupportedOperationException e) {
      Assumptions.abort("no store backend on blobkeep-core's test class path: " + e.getMessage());
    }
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  void storesTheBodyWithTypeAndUserFields() {
    byte[] body = new byte[70_000];
    new Random(7).nextBytes(body);
    server.on("/a", x -> send(x, 200, "application/x-thing", body));
    BlobInfo info = fetcher.fetch(store, server.uri("/a"), PutOptions.at("files", "a"));
    assertThat(store.getBytes(BlobRef.id(info.id()))).isEqualTo(body);
    BlobInfo stored = store.info(BlobRef.id(info.id()));
    assertThat(stored.contentType()).isEqualTo("application/x-thing");
    assertThat(stored.meta("source_url")).isEqualTo(server.uri("/a").toString());
    assertThat(stored.meta("final_url")).isEqualTo(server.uri("/a").toString());
    assertThat(((Number) stored.meta("http_status")).intValue()).isEqualTo(200);
  }

  @Test
  void oversizeBodyStoresNothing() {
    server.on(
        "/big",
        x -> {
          x.sendResponseHeaders(200, 0);
          try (OutputStream out = x.getResponseBody()) {
            out.write(new byte[200_000]);
          }
        });
    assertThatThrownBy(
            () -> fetcher.fetch(store, server.uri("/big"), PutOptions.at("files", "big")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("larger than the 100000-byte limit (maxSize)");
    assertThat(store.list(Query.bucket("files")).items()).isEmpty();
  }
}
