package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server given no store opens the one the CLI's commands open. */
class DefaultStoreTest {

  @Test
  void theDefaultStoreIsBlobkeepDbElseTheFileBlobkeepDb() {
    assertThat(BlobServer.defaultLocation(Map.of(BlobServer.DB_ENV, "jdbc:sqlite:/tmp/x.db")))
        .isEqualTo("jdbc:sqlite:/tmp/x.db");
    assertThat(BlobServer.defaultLocation(Map.of())).isEqualTo("./blobkeep.db");
    assertThat(BlobServer.defaultLocation(Map.of(BlobServer.DB_ENV, "")))
        .isEqualTo(BlobServer.DEFAULT_LOCATION);
  }
}
