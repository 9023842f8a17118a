package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import dev.blobkeep.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mariadb.jdbc.MariaDbDataSource;

/** The MariaDB schema decisions of docs/mariadb.md, checked on the server. */
@ExtendWith(MariaDbAvailable.class)
class MariadbSchemaTest {
  private MariaDbFixture fixture;
  private BlobStore store;

  @BeforeEach
  void open() {
    fixture = new MariaDbFixture();
    store = fixture.open(StoreOptions.defaults());
  }

  @AfterEach
  void close() {
    store.close();
    fixture.close();
  }

  @Test
  void columnsHaveTheChosenTypes() throws Exception {
    assertThat(columnType("blobs", "id")).isEqualTo("uuid");
    assertThat(columnType("blobs", "key")).isEqualTo("varbinary(1024)");
    assertThat(columnType("blobs", "bucket")).isEqualTo("varchar(128)");
    assertThat(columnType("blobs", "meta")).isEqualTo("longtext"); // JSON is LONGTEXT + CHECK
    assertThat(columnType("chunks", "data")).isEqualTo("longblob");
    assertThat(
            string(
                "SELECT engine FROM information_schema.tables WHERE table_schema = '"
                    + fixture.database()
                    + "' AND table_name = 'blobkeep_chunks'"))
        .isEqualTo("InnoDB");
  }

  @Test
  void keysCompareByTheirExactBytes() {
    // A PAD SPACE or case-insensitive collation would take these for one key.
    for (String key : List.of("a", "a ", "A", "é", "e\u0301")) {
      store.put(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), PutOptions.at("k", key));
    }
    for (String key : List.of("a", "a ", "A", "é", "e\u0301")) {
      assertThat(
              new String(
                  store.getBytes(dev.blobkeep.BlobRef.key("k", key)),
                  java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(key);
    }
    assertThat(store.list(Query.bucket("k").prefix("a")).items()).hasSize(2);
    assertThat(store.list(Query.bucket("k").prefix("é")).items()).hasSize(1);
  }

  /**
   * Through the caller's own URL: its failover mode ({@code sequential:} is the form
   * docs/clusters.md gives for a Galera cluster) and its password, which the driver's {@code
   * getUrl()} masks.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "sequential:", "load-balance-read:"})
  void aMissingDatabaseIsCreatedThroughTheCallersUrlWithItsPassword(String mode) {
    String database = MariaDbServer.newDatabase();
    String user = database.replace("bk_test_", "bk_pw_");
    String password = "pw-" + user;
    MariaDbServer.exec(
        "CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '" + password + "'",
        "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
        "GRANT ALL ON `" + database + "`.* TO '" + user + "'@'localhost'",
        "GRANT ALL ON `" + database + "`.* TO '" + user + "'@'%'");
    String url =
        MariaDbServer.urlOf(database)
                .replaceFirst("^jdbc:mariadb://", "jdbc:mariadb:" + mode + "//")
                .replaceFirst("user=[^&]*", "user=" + user)
            + "&password="
            + password;
    try (BlobStore created = BlobStore.open(url)) {
      BlobInfo b = created.put(new byte[] {7}, PutOptions.in("m"));
      assertThat(created.getBytes(b.ref())).containsExactly(7);
    } finally {
      MariaDbServer.drop(database);
      MariaDbServer.exec(
          "DROP USER IF EXISTS '" + user + "'@'localhost'",
          "DROP USER IF EXISTS '" + user + "'@'%'");
    }
  }

  @Test
  void theLongestKeyBlobkeepAcceptsFitsTheUniqueIndex() {
    String key = "é".repeat(512); // 1024 bytes of UTF-8, blobkeep's limit
    BlobInfo b = store.put(new byte[] {1}, PutOptions.at("long", key));
    assertThat(store.info(dev.blobkeep.BlobRef.key("long", key)).id()).isEqualTo(b.id());
    assertThatThrownBy(() -> store.put(new byte[] {1}, PutOptions.at("long", key + "x")))
        .hasMessageContaining("longer than 1024");
  }

  @Test
  void fieldEqualityComparesJsonValues() {
    BlobInfo one = store.put(new byte[] {1}, PutOptions.at("f", "a").meta(Map.of("n", 1)));
    store.put(new byte[] {2}, PutOptions.at("f", "b").meta(Map.of("n", "1")));
    store.put(new byte[] {3}, PutOptions.at("f", "c").meta(Map.of("m", 1)));
    assertThat(store.list(Query.bucket("f").where("n", 1.0)).items())
        .extracting(BlobInfo::id)
        .containsExactly(one.id());
  }

  @Test
  void aChunkSizeTheServerPacketsCannotCarryIsRefusedNamingBoth() throws Exception {
    long packet = Long.parseLong(string("SELECT @@max_allowed_packet"));
    MariaDbFixture other = new MariaDbFixture();
    try {
      assertThatThrownBy(
              () -> other.open(StoreOptions.defaults().chunkSize(StoreOptions.MAX_CHUNK_SIZE)))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("chunk size " + StoreOptions.MAX_CHUNK_SIZE)
          .hasMessageContaining("max_allowed_packet")
          .hasMessageContaining(Long.toString(packet))
          .message()
          .doesNotContain("\n");
      assertThat(
              string(
                  "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                      + other.database()
                      + "'"))
          .as("nothing created")
          .isEqualTo("0");
    } finally {
      other.close();
    }
  }

  @Test
  void processesCreatingOneStoreAtOnceAllSucceed() throws Exception {
    MariaDbFixture fresh = new MariaDbFixture();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<BlobStore>> opens = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        opens.add(pool.submit(() -> BlobStore.open(fresh.location())));
      }
      for (Future<BlobStore> f : opens) {
        try (BlobStore s = f.get()) {
          s.put(new byte[] {3}, PutOptions.defaults());
        }
      }
      assertThat(string("SELECT value FROM " + fresh.table("settings"))).isEqualTo("6");
    } finally {
      pool.shutdownNow();
      fresh.close();
    }
  }

  @Test
  void callersDataSourceWorksAndStaysOpen() throws Exception {
    MariaDbDataSource ds = new MariaDbDataSource(fixture.location());
    try (BlobStore s = BlobStore.open(ds, StoreOptions.defaults())) {
      assertThat(s.location()).startsWith("mariadb://").endsWith("/" + fixture.database());
      BlobInfo b = s.put(new byte[] {5, 6}, PutOptions.at("b", "k"));
      assertThat(s.getBytes(b.ref())).containsExactly(5, 6);
    }
    try (Connection c = ds.getConnection()) {
      assertThat(c.isValid(1)).isTrue();
    }
  }

  private String columnType(String table, String column) throws Exception {
    return string(
        "SELECT column_type FROM information_schema.columns WHERE table_schema = '"
            + fixture.database()
            + "' AND table_name = 'blobkeep_"
            + table
            + "' AND column_name = '"
            + column
            + "'");
  }

  private static String string(String sql) throws Exception {
    try (Connection c = MariaDbServer.admin();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
