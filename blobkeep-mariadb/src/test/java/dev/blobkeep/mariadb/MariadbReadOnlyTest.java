package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreFormatException;
import dev.blobkeep.StoreNotFoundException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import dev.blobkeep.testkit.MariaDbServer;
import dev.blobkeep.testkit.ReadOnlyChecks;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Read-only opens on a real server: by a user granted only SELECT on the store's database, and
 * through sessions the server keeps read-only ({@code tx_read_only}); opens that must not create a
 * store on a database without one.
 */
@ExtendWith(MariaDbAvailable.class)
class MariadbReadOnlyTest {
  private static final String PASSWORD = "reader-password";

  private MariaDbFixture fixture;
  private String user;

  @BeforeEach
  void server() {
    fixture = new MariaDbFixture();
    user = fixture.database().replace("bk_test_", "bk_r_");
  }

  @AfterEach
  void cleanUp() {
    MariaDbServer.exec(
        "DROP USER IF EXISTS '" + user + "'@'%'", "DROP USER IF EXISTS '" + user + "'@'localhost'");
    fixture.close();
  }

  @Test
  void aUserThatMayOnlySelectReadsTheStoreAndIsRefusedWrites() throws Exception {
    BlobInfo hello = storeWithADeletedBlob();
    String url = selectOnlyUser();
    String before = snapshot();

    assertThatThrownBy(() -> BlobStore.open(url, options()).close())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("command denied to user '" + user + "'")
        .hasMessageNotContaining(PASSWORD)
        .hasMessageNotContaining("\n");
    try (BlobStore reader = BlobStore.open(url, options().readOnly(true))) {
      ReadOnlyChecks.readsAndIsRefusedWrites(reader, hello, bytes("hello"));
    }
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aSessionTheServerKeepsReadOnlyIsRefusedAWritableOpenAndServesAReadOnlyOne()
      throws Exception {
    BlobInfo hello = storeWithADeletedBlob();
    String url = readOnlySessions();
    String before = snapshot();

    assertThatThrownBy(() -> BlobStore.open(url, options()).close())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("READ ONLY")
        .hasMessageNotContaining("\n");
    try (BlobStore reader = BlobStore.open(url, options().readOnly(true))) {
      ReadOnlyChecks.readsAndIsRefusedWrites(reader, hello, bytes("hello"));
    }
    assertThat(snapshot()).isEqualTo(before);
  }

  /**
   * A writable open the server refuses gets the dialect's advice, as every other statement's
   * failure does. Fails on core at 79a2c42: the open's first write registers the upload owner in
   * the lease table, and {@code LeaseOwners} reports its failure with the driver's raw first line
   * ({@code (conn=N) DELETE command denied ...}, {@code Cannot execute statement in a READ ONLY
   * transaction}) instead of {@code Dialect.translate}.
   */
  @Test
  void aWritableOpenTheServerRefusesSaysWhatToDo() throws Exception {
    storeWithADeletedBlob();
    String selectOnly = selectOnlyUser();
    assertThatThrownBy(() -> BlobStore.open(selectOnly, options()).close())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("grant " + user + " SELECT, INSERT, UPDATE, DELETE")
        .hasMessageNotContaining("(conn=");
    assertThatThrownBy(() -> BlobStore.open(readOnlySessions(), options()).close())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is read-only")
        .hasMessageContaining("connect to a writable server, or open the store read-only")
        .hasMessageNotContaining("(conn=");
  }

  @Test
  void readOnlyOpenDoesNotUpgradeAnOlderSchema() throws Exception {
    try (BlobStore admin = fixture.open(options())) {
      admin.put(bytes("x"));
    }
    MariaDbServer.exec(
        "UPDATE " + fixture.table("settings") + " SET value = '4' WHERE name = 'schema_version'");
    String before = snapshot();
    assertThatThrownBy(() -> BlobStore.open(fixture.location(), options().readOnly(true)))
        .isInstanceOf(StoreFormatException.class)
        .hasMessageContaining("has schema version 4")
        .hasMessageContaining("open it writable once to upgrade it");
    assertThat(snapshot()).isEqualTo(before).contains("schema_version|4");
  }

  @Test
  void openThatMustNotCreateFindsNoStoreAndCreatesNothing() throws Exception {
    for (StoreOptions o : List.of(options().readOnly(true), options().create(false))) {
      assertThatThrownBy(() -> BlobStore.open(fixture.location(), o))
          .isInstanceOf(StoreNotFoundException.class)
          .hasMessageContaining(fixture.database());
      assertThat(count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?"))
          .as("databases made")
          .isZero();
    }
    // A database that exists without a store: still none, and no table is made in it.
    MariaDbServer.exec("CREATE DATABASE `" + fixture.database() + "`");
    for (StoreOptions o : List.of(options().readOnly(true), options().create(false))) {
      assertThatThrownBy(() -> BlobStore.open(fixture.location(), o))
          .isInstanceOf(StoreNotFoundException.class)
          .hasMessageStartingWith("no blobkeep store at mariadb://");
      assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_schema = ?"))
          .as("tables made")
          .isZero();
    }
  }

  /**
   * A store with hello.txt and a deleted blob whose chunks are still there: a writable open
   * collects it (gc), which a reader cannot do.
   */
  private BlobInfo storeWithADeletedBlob() throws Exception {
    BlobInfo hello;
    try (BlobStore admin = fixture.open(options())) {
      hello = admin.put(bytes("hello"), PutOptions.at("docs", "hello.txt"));
      admin.put(bytes("gone"), PutOptions.at("docs", "gone.txt"));
    }
    MariaDbServer.exec(
        "UPDATE " + fixture.table("blobs") + " SET state = 'deleted' WHERE `key` = 'gone.txt'");
    return hello;
  }

  /** Creates {@link #user}, granted SELECT on the store's database only; returns its URL. */
  private String selectOnlyUser() {
    for (String host : List.of("localhost", "%")) {
      MariaDbServer.exec(
          "CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + PASSWORD + "'",
          "GRANT SELECT ON `" + fixture.database() + "`.* TO '" + user + "'@'" + host + "'");
    }
    return fixture.location().replaceFirst("user=[^&]*", "user=" + user) + "&password=" + PASSWORD;
  }

  /** The store's URL with sessions in which the server refuses every write. */
  private String readOnlySessions() {
    return fixture.location() + "&sessionVariables=tx_read_only=1";
  }

  private StoreOptions options() {
    return StoreOptions.defaults().lockTimeout(Duration.ofSeconds(10));
  }

  private long count(String sql) throws Exception {
    try (Connection c = MariaDbServer.admin();
        var ps = c.prepareStatement(sql)) {
      ps.setString(1, fixture.database());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Every row of the store's tables, columns joined by {@code |}: equal snapshots mean nothing was
   * written.
   */
  private String snapshot() throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = MariaDbServer.admin();
        Statement s = c.createStatement()) {
      for (String table : List.of("settings", "blobs", "chunks", "buckets", "leases")) {
        out.append(table).append('\n');
        try (ResultSet rs =
            s.executeQuery("SELECT * FROM " + fixture.table(table) + " ORDER BY 1")) {
          ResultSetMetaData meta = rs.getMetaData();
          while (rs.next()) {
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              out.append(i == 1 ? "" : "|").append(rs.getString(i));
            }
            out.append('\n');
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
