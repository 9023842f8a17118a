package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreFormatException;
import dev.blobkeep.StoreNotFoundException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.PgServer;
import dev.blobkeep.testkit.ReadOnlyChecks;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Read-only opens on a real server, by a role granted only USAGE on the schema and SELECT on its
 * tables; opens that must not create a store on a schema without one.
 */
@ExtendWith(PgAvailable.class)
class PostgresReadOnlyTest {
  private PgFixture fixture;
  private String role;

  @BeforeEach
  void server() {
    fixture = new PgFixture();
  }

  @AfterEach
  void cleanUp() {
    fixture.close();
    if (role != null) {
      PgServer.exec("DROP OWNED BY " + role, "DROP ROLE IF EXISTS " + role);
    }
  }

  @Test
  void aRoleThatMayOnlySelectReadsTheStoreAndIsRefusedWrites() throws Exception {
    BlobInfo hello;
    try (BlobStore admin = fixture.open(options())) {
      hello = admin.put(bytes("hello"), PutOptions.at("docs", "hello.txt"));
      admin.put(bytes("gone"), PutOptions.at("docs", "gone.txt"));
    }
    // A deleted blob whose chunks are still there: a writable open collects it (gc), which a role
    // that may only SELECT cannot do.
    PgServer.exec(
        "UPDATE " + fixture.table("blobs") + " SET state = 'deleted' WHERE key = 'gone.txt'");
    role = "bk_reader_" + fixture.schema().substring(8);
    PgServer.exec(
        "CREATE ROLE " + role + " LOGIN",
        "GRANT USAGE ON SCHEMA " + fixture.schema() + " TO " + role,
        "GRANT SELECT ON ALL TABLES IN SCHEMA " + fixture.schema() + " TO " + role);
    String before = snapshot();

    assertThatThrownBy(() -> BlobStore.open(PgServer.urlAs(role), options()).close())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("permission denied");
    try (BlobStore reader = BlobStore.open(PgServer.urlAs(role), options().readOnly(true))) {
      ReadOnlyChecks.readsAndIsRefusedWrites(reader, hello, bytes("hello"));
    }
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void readOnlyOpenDoesNotUpgradeAnOlderSchema() throws Exception {
    try (BlobStore admin = fixture.open(options())) {
      admin.put(bytes("x"));
    }
    PgServer.exec(
        "UPDATE " + fixture.table("settings") + " SET value = '1' WHERE name = 'schema_version'");
    assertThatThrownBy(() -> BlobStore.open(PgServer.URL, options().readOnly(true)))
        .isInstanceOf(StoreFormatException.class)
        .hasMessageContaining("has schema version 1")
        .hasMessageContaining("open it writable once to upgrade it");
    assertThat(snapshot()).contains("schema_version=1");
  }

  @Test
  void openThatMustNotCreateFindsNoStoreAndCreatesNothing() throws Exception {
    for (StoreOptions o : List.of(options().readOnly(true), options().create(false))) {
      assertThatThrownBy(() -> BlobStore.open(PgServer.URL, o))
          .isInstanceOf(StoreNotFoundException.class)
          .hasMessageStartingWith("no blobkeep store at postgresql://")
          .hasMessageEndingWith("(schema " + fixture.schema() + ")");
      assertThat(count("SELECT count(*) FROM pg_namespace WHERE nspname = ?")).isZero();
    }
    // A schema that exists without a store: still none, and no table is made in it.
    PgServer.exec("CREATE SCHEMA " + fixture.schema());
    for (StoreOptions o : List.of(options().readOnly(true), options().create(false))) {
      assertThatThrownBy(() -> BlobStore.open(PgServer.URL, o))
          .isInstanceOf(StoreNotFoundException.class);
      assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = ?")).isZero();
    }
  }

  private StoreOptions options() {
    return StoreOptions.defaults().schema(fixture.schema()).lockTimeout(Duration.ofSeconds(10));
  }

  private long count(String sql) throws Exception {
    try (Connection c = PgServer.admin();
        var ps = c.prepareStatement(sql)) {
      ps.setString(1, fixture.schema());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Every row of the store's tables, as text: equal snapshots mean nothing was written. */
  private String snapshot() throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = PgServer.admin();
        Statement s = c.createStatement()) {
      for (String q :
          List.of(
              "SELECT name || '=' || value FROM " + fixture.table("settings") + " ORDER BY 1",
              "SELECT b::text FROM " + fixture.table("blobs") + " b ORDER BY 1",
              "SELECT blob_id || ':' || idx || ':' || md5(data) FROM "
                  + fixture.table("chunks")
                  + " ORDER BY 1")) {
        try (ResultSet rs = s.executeQuery(q)) {
          while (rs.next()) {
            out.append(rs.getString(1)).append('\n');
          }
        }
      }
    }
    return out.toString();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
