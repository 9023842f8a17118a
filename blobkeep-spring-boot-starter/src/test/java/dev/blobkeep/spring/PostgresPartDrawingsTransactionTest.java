package dev.blobkeep.spring;

import dev.blobkeep.testkit.PgServer;
import org.junit.jupiter.api.AfterEach;

/** The Spring transaction contract on a schema of its own on the test PostgreSQL server. */
class PostgresPartDrawingsTransactionTest extends PartDrawingsTransactionContract {
  private final String schema = PgServer.newSchema();
  private String[] database;

  @Override
  String[] database() {
    if (database == null) {
      database = Databases.postgres(schema);
    }
    return database;
  }

  @AfterEach
  void dropSchema() {
    PgServer.drop(schema);
  }

  @Override
  int connectionsTheStoreKeeps() {
    return 1;
  }
}
