package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadsTest {

  @Test
  void virtualThreadsAreUsedExactlyWhenTheJvmHasThem() {
    assertThat(BlobServer.usesVirtualThreads()).isEqualTo(Runtime.version().feature() >= 21);
  }

  @Test
  void closeStopsEveryServerThreadAndClosesAStoreItOpened(@TempDir Path dir) {
    BlobServer server =
        BlobServer.builder()
            .location(dir.resolve("own.db").toString())
            .port(0)
            .token(ServerTest.ADMIN + ":rw:*")
            .build()
            .start();
    BlobStore store = server.store();
    try (Http http = new Http(server.port(), ServerTest.ADMIN)) {
      assertThat(http.put("/b/docs/a", new byte[] {1}).statusCode()).isEqualTo(201);
    }

    server.close();
    server.close();

    assertThat(
            Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("blobkeep-http")))
        .isEmpty();
    assertThatThrownBy(() -> store.exists(BlobRef.key("docs", "a"))).hasMessageContaining("closed");
  }
}
