package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreNotFoundException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import dev.blobkeep.testkit.MariaDbServer;
import dev.blobkeep.testkit.StoredChunks;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MariaDB commits each DDL statement by itself, so a schema step cut short (a crash, a killed
 * process) leaves part of its statements done and the old version number stored. The next writable
 * open runs the whole step again and completes the store; a store whose first step was cut short is
 * no store yet for an open that may not create one, which changes nothing.
 *
 * <p>The backend reached the main line at schema 5, so the only older MariaDB stores are of version
 * 5, whose step to 6 is {@code StagingContract}'s schema-five test, run by {@link
 * MariadbStagingTest} (an open of a store with a newer version is {@code
 * PutGetContract.aStoreFromANewerVersionIsRefusedAndLeftAlone}, run by {@link MariadbPutGetTest}).
 */
@ExtendWith(MariaDbAvailable.class)
class MariadbSchemaCompletionTest {
  private static final List<String> TABLES =
      List.of(
          "blobkeep_blobs",
          "blobkeep_buckets",
          "blobkeep_chunks",
          "blobkeep_leases",
          "blobkeep_settings");

  private MariaDbFixture fixture;

  @BeforeEach
  void database() {
    fixture = new MariaDbFixture();
  }

  @AfterEach
  void drop() {
    fixture.close();
  }

  @Test
  void aFirstStepCutShortIsCompletedByTheNextWritableOpen() throws Exception {
    MariadbDialect dialect =
        new MariadbDialect(
            Server.of(fixture.location()), null, false, false); // owners: unused here
    List<String> first = dialect.upgrade(0);
    try (Connection c = fixture.connect();
        Statement s = c.createStatement()) {
      s.execute(first.get(0)); // the settings table, at version 0
      s.execute(first.get(1)); // the blobs table; the chunks table never came
    }
    assertThat(tables()).containsExactly("blobkeep_blobs", "blobkeep_settings");

    // Not a store yet, for an open that may not create one.
    for (StoreOptions o :
        List.of(StoreOptions.defaults().readOnly(true), StoreOptions.defaults().create(false))) {
      assertThatThrownBy(() -> fixture.open(o))
          .isInstanceOf(StoreNotFoundException.class)
          .hasMessageContaining(fixture.database());
      assertThat(tables()).containsExactly("blobkeep_blobs", "blobkeep_settings");
    }

    try (BlobStore store = fixture.open(StoreOptions.defaults())) {
      assertThat(version()).isEqualTo("6");
      assertThat(tables()).containsExactlyElementsOf(TABLES);
      byte[] small = Bytes.random(100, 1);
      byte[] large = Bytes.random(600_000, 2);
      BlobInfo a = store.put(small, PutOptions.at("b", "small"));
      BlobInfo b = store.put(large, PutOptions.at("b", "large"));
      assertThat(store.getBytes(a.ref())).isEqualTo(small);
      assertThat(store.getBytes(b.ref())).isEqualTo(large);
      assertThat(new StoredChunks(fixture).inline(a.id())).isEqualTo(small);
      assertThat(store.verifyAll().problems()).isEmpty();
    }
  }

  @Test
  void aLastStepCutShortAfterItsFirstStatementIsRunAgainWhole() throws Exception {
    byte[] data = Bytes.random(3000, 3);
    String allocated;
    try (BlobStore store = fixture.open(StoreOptions.defaults())) {
      store.put(data, PutOptions.at("b", "kept"));
      allocated = store.allocate(5000, PutOptions.at("b", "allocated")).id();
    }
    // As if the step from 4 had stopped after adding the inline columns: no lease table, the
    // version row still 4, and a blob allocated under 3 (version 0, no SHA-256) not yet fixed.
    MariaDbServer.exec(
        "DROP TABLE " + fixture.table("leases"),
        "UPDATE "
            + fixture.table("blobs")
            + " SET version = 0, sha256 = NULL WHERE id = '"
            + allocated
            + "'",
        "UPDATE " + fixture.table("settings") + " SET value = '4' WHERE name = 'schema_version'");

    try (BlobStore store = fixture.open(StoreOptions.defaults())) {
      assertThat(version()).isEqualTo("6");
      assertThat(tables()).containsExactlyElementsOf(TABLES);
      assertThat(store.info(BlobRef.id(allocated)).version()).isEqualTo(1);
      assertThat(store.getBytes(BlobRef.key("b", "kept"))).isEqualTo(data);
      BlobInfo fresh = store.put(Bytes.random(10, 4), PutOptions.at("b", "fresh"));
      assertThat(new StoredChunks(fixture).inline(fresh.id())).hasSize(10);
      assertThat(store.verifyAll().problems()).isEmpty();
    }
  }

  private List<String> tables() throws Exception {
    try (Connection c = MariaDbServer.admin();
        var ps =
            c.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                    + " ORDER BY table_name")) {
      ps.setString(1, fixture.database());
      try (ResultSet rs = ps.executeQuery()) {
        List<String> names = new ArrayList<>();
        while (rs.next()) {
          names.add(rs.getString(1));
        }
        return names;
      }
    }
  }

  private String version() throws Exception {
    try (Connection c = fixture.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT value FROM "
                    + fixture.table("settings")
                    + " WHERE name = 'schema_version'")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
