package dev.blobkeep.postgres;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.StoreFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A new schema with a random name on the test server; closing drops it. */
final class PgFixture implements StoreFixture {
  final String schema;

  PgFixture() {
    PgServer.require();
    schema = PgServer.newSchema();
  }

  @Override
  public BlobStore open(StoreOptions options) {
    return BlobStore.open(location(), options.schema(schema));
  }

  @Override
  public String location() {
    return PgServer.URL;
  }

  @Override
  public Connection connect() throws SQLException {
    Connection c = PgServer.admin();
    try (Statement s = c.createStatement()) {
      s.execute("SET search_path TO \"" + schema + "\", public");
    }
    return c;
  }

  @Override
  public String table(String name) {
    return "\"" + schema + "\".blobkeep_" + name;
  }

  @Override
  public void close() {
    PgServer.drop(schema);
  }
}
