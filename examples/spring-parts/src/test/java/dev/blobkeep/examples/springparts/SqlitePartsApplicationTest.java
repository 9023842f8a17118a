package dev.blobkeep.examples.springparts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sample application on an SQLite file of its own (under target/, removed by mvn clean). */
class SqlitePartsApplicationTest extends PartsApplicationContract {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws Exception {
    Path dir =
        java.nio.file.Files.createDirectories(
            Path.of("target", "spring-parts-" + UUID.randomUUID()));
    registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + dir.resolve("parts.db"));
  }

  @Test
  void theApplicationsSqliteConnectionsUseWal() {
    assertThat(jdbc.queryForObject("PRAGMA journal_mode", String.class))
        .isEqualToIgnoringCase("wal");
  }
}
