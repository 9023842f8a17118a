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
  void virtualThreadsAreAvailableFromJava21(@TempDir Path dir) {
    assertThat(BlobServer.virtualThreadsAvailable()).isEqualTo(Runtime.version().feature() >= 21);
    try (BlobStore store = BlobStore.open(dir.resolve("t.db").toString());
        BlobServer sqlite =
            BlobServer.builder()
                .store(store)
                .port(0)
                .token(ServerTest.ADMIN + ":rw:*")
                .build()
                .start()) {
      assertThat(sqlite.usesVirtualThreads())
          .as("SQLite waits for its lock in native code, which pins virtual threads")
          .isFalse();
    }
  }

  @Test
  void virtualThreadsCanBeAskedForOnJava21AndLater(@TempDir Path dir) {
    BlobServer.Builder builder =
        BlobServer.builder()
            .location(dir.resolve("v.db").toString())
            .port(0)
            .token(ServerTest.ADMIN + ":rw:*")
            .virtualThreads(true);
    if (!BlobServer.virtualThreadsAvailable()) {
      assertThatThrownBy(() -> builder.build().start()).hasMessageContaining("Java 21");
      return;
    }
    try (BlobServer server = builder.build().start();
        Http http = new Http(server.port(), ServerTest.ADMIN)) {
      assertThat(server.usesVirtualThreads()).isTrue();
      assertThat(http.put("/b/docs/v", new byte[] {1}).statusCode()).isEqualTo(201);
      assertThat(http.get("/b/docs/v").body()).containsExactly(1);
    }
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
