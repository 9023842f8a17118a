package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BlobStore#warmUp} on an SQLite location opens nothing and creates nothing. */
class SqliteWarmUpTest {
  @TempDir Path tmp;

  @Test
  void warmingUpCreatesNoStoreAndTheOpenAfterItWorks() throws Exception {
    Path file = tmp.resolve("later.db");
    BlobStore.warmUp(file.toString());
    BlobStore.warmUp("jdbc:sqlite:" + file);
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).as("files in the store's folder").isEmpty();
    }

    try (BlobStore store = BlobStore.open(file.toString())) {
      var ref = store.put("after the warm-up".getBytes(StandardCharsets.UTF_8)).ref();
      assertThat(new String(store.getBytes(ref), StandardCharsets.UTF_8))
          .isEqualTo("after the warm-up");
    }
  }

  @Test
  void aLocationNoBackendAcceptsIsLeftToTheOpen() {
    BlobStore.warmUp("jdbc:nobackend://host/db"); // returns quietly
    BlobStore.warmUp(null);
  }
}
