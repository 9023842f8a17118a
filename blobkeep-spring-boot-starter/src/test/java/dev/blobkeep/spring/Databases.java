package dev.blobkeep.spring;

import dev.blobkeep.testkit.PgServer;
import java.nio.file.Path;

/** Spring properties that put the application's DataSource on a test database. */
final class Databases {
  private Databases() {}

  /** An SQLite file in {@code dir}. */
  static String[] sqlite(Path dir) {
    return new String[] {"spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db")};
  }

  /**
   * A new schema of its own on the test PostgreSQL server, holding both the application's tables
   * and the store's (skips the test, or fails it under {@code CI=true}, if the server is down).
   */
  static String[] postgres(String schema) {
    PgServer.require();
    PgServer.exec("CREATE SCHEMA " + schema);
    String url =
        PgServer.URL + (PgServer.URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new String[] {"spring.datasource.url=" + url, "blobkeep.schema=" + schema};
  }
}
