package dev.blobkeep.examples.springparts;

import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample application on a schema of its own on the test PostgreSQL server, holding both the
 * parts table and the store's tables.
 */
@ExtendWith(PgAvailable.class)
class PostgresPartsApplicationTest extends PartsApplicationContract {
  private static final String SCHEMA = PgServer.newSchema();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    PgServer.exec("CREATE SCHEMA " + SCHEMA);
    String url =
        PgServer.URL + (PgServer.URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    registry.add("spring.datasource.url", () -> url);
    registry.add("blobkeep.schema", () -> SCHEMA);
  }

  @AfterAll
  static void dropSchema() {
    PgServer.drop(SCHEMA);
  }
}
