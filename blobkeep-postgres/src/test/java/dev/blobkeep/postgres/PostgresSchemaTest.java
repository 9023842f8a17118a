package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.spi.Dialect.Condition;
import dev.blobkeep.spi.KeyOrder;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.PgServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What is particular to PostgreSQL: the physical schema, the indexes that serve queries, opening.
 */
@ExtendWith(PgAvailable.class)
class PostgresSchemaTest {
  private PgFixture fixture;
  private BlobStore store;

  @BeforeEach
  void open() {
    fixture = new PgFixture();
    store = fixture.open(StoreOptions.defaults());
  }

  @AfterEach
  void close() {
    try {
      store.close();
    } finally {
      fixture.close();
    }
  }

  @Test
  void chunksAreStoredOutOfLineWithoutCompression() throws Exception {
    assertThat(
            string(
                "SELECT attstorage FROM pg_attribute WHERE attrelid = '"
                    + fixture.table("chunks")
                    + "'::regclass AND attname = 'data'"))
        .isEqualTo("e");
    byte[] compressible = new byte[256 * 1024];
    Arrays.fill(compressible, (byte) 'a');
    BlobInfo b = store.put(compressible, PutOptions.defaults());
    assertThat(
            Long.parseLong(
                string(
                    "SELECT pg_column_size(data) FROM "
                        + fixture.table("chunks")
                        + " WHERE blob_id = '"
                        + b.id()
                        + "'")))
        .isGreaterThanOrEqualTo(compressible.length);
  }

  @Test
  void fieldEqualityIsServedByTheGinIndex() throws Exception {
    fillBlobsTable(20_000);
    PostgresDialect dialect = dialect();
    Condition c = dialect.fieldEquals("meta", "owner", "\"user-77\"");
    String plan =
        explain(
            "SELECT id FROM "
                + fixture.table("blobs")
                + " WHERE state = 'ready' AND "
                + c.sql()
                + " ORDER BY id LIMIT 101",
            c.parameters());
    assertThat(plan).contains("blobkeep_blobs_meta");
    store.put(new byte[] {1}, PutOptions.in("b").meta("owner", "zed"));
    assertThat(store.list(Query.all().where("owner", "zed")).items()).hasSize(1);
    assertThat(store.list(Query.all().where("owner", "user-77")).items()).hasSize(1);
    assertThat(store.list(Query.all().where("n", 77.0)).items()).hasSize(1);
  }

  @Test
  void keyPrefixIsAByteRangeOnTheKeyIndex() throws Exception {
    fillBlobsTable(20_000);
    Condition c = dialect().startsWith("key", "photos/2024/");
    List<Object> params = new ArrayList<>(c.parameters());
    params.add(0, "b");
    String plan =
        explain(
            "SELECT id FROM "
                + fixture.table("blobs")
                + " WHERE state = 'ready' AND bucket = ? AND "
                + c.sql()
                + " ORDER BY id LIMIT 101",
            params);
    assertThat(plan).contains("blobkeep_blobs_key");
  }

  @Test
  void keyPrefixIsExactAtEveryBoundary() {
    List<String> keys =
        List.of(
            "a/",
            "a/x",
            "a0",
            "a.",
            "A/",
            "a/\u00fc",
            "a/\uffff",
            "a/\ud83d\ude00",
            "a",
            "b/",
            "\u00e4/",
            "\u00e4/1",
            "\u00e40");
    for (String k : keys) {
      store.put(k.getBytes(java.nio.charset.StandardCharsets.UTF_8), PutOptions.at("b", k));
    }
    for (String prefix : List.of("a/", "a", "\u00e4/", "a/\ud83d\ude00", "A")) {
      List<String> expected =
          keys.stream().filter(k -> k.startsWith(prefix)).sorted().collect(Collectors.toList());
      List<String> listed =
          store.list(Query.bucket("b").prefix(prefix)).items().stream()
              .map(BlobInfo::key)
              .sorted()
              .collect(Collectors.toList());
      assertThat(listed).as("prefix " + prefix).isEqualTo(expected);
    }
  }

  @Test
  void successorIsTheNextStringInCodePointOrder() {
    assertThat(KeyOrder.successor("ab")).isEqualTo("ac");
    assertThat(KeyOrder.successor("a/")).isEqualTo("a0");
    assertThat(KeyOrder.successor("a\ud7ff")).isEqualTo("a\ue000");
    assertThat(KeyOrder.successor("a\uffff")).isEqualTo("a\ud800\udc00");
    assertThat(KeyOrder.successor("a\udbff\udfff")).isEqualTo("b");
    assertThat(KeyOrder.successor("\udbff\udfff")).isNull();
  }

  @Test
  void storesInOtherSchemasOfOneDatabaseAreApart() {
    String other = "Mixed_" + PgServer.newSchema();
    try (BlobStore second = BlobStore.open(PgServer.URL, StoreOptions.defaults().schema(other))) {
      store.put(new byte[] {1}, PutOptions.at("b", "k"));
      second.put(new byte[] {2}, PutOptions.at("b", "k"));
      assertThat(store.getBytes(BlobRef.key("b", "k"))).containsExactly(1);
      assertThat(second.getBytes(BlobRef.key("b", "k"))).containsExactly(2);
      assertThat(second.location()).contains("(schema " + other + ")");
    } finally {
      PgServer.drop(other);
    }
  }

  @Test
  void processesCreatingOneStoreAtOnceAllSucceed() throws Exception {
    String schema = PgServer.newSchema();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<BlobStore>> opens = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        opens.add(
            pool.submit(
                () -> BlobStore.open(PgServer.URL, StoreOptions.defaults().schema(schema))));
      }
      for (Future<BlobStore> f : opens) {
        try (BlobStore s = f.get()) {
          s.put(new byte[] {3}, PutOptions.defaults());
        }
      }
      assertThat(string("SELECT value FROM \"" + schema + "\".blobkeep_settings")).isEqualTo("6");
    } finally {
      pool.shutdownNow();
      PgServer.drop(schema);
    }
  }

  @Test
  void callersDataSourceWorksAndStaysOpen() throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(PgServer.URL + "&password=not-in-the-location");
    String schema = PgServer.newSchema();
    try {
      try (BlobStore s = BlobStore.open(ds, StoreOptions.defaults().schema(schema))) {
        assertThat(s.location())
            .isEqualTo("postgresql://postgres@127.0.0.1:5432/test (schema " + schema + ")");
        BlobInfo b = s.put(new byte[] {5, 6}, PutOptions.at("b", "k"));
        assertThat(s.getBytes(b.ref())).containsExactly(5, 6);
      }
      try (Connection c = ds.getConnection()) {
        assertThat(c.isValid(1)).isTrue();
      }
    } finally {
      PgServer.drop(schema);
    }
  }

  private PostgresDialect dialect() {
    Server server = Server.of(PgServer.URL, fixture.schema());
    return new PostgresDialect(
        server, PostgresDialect.leases(null, server, StoreOptions.defaults()), false);
  }

  /** Rows with distinct owners and keys, written directly, then analysed. */
  private void fillBlobsTable(int rows) {
    PgServer.exec(
        "INSERT INTO "
            + fixture.table("blobs")
            + " (id, bucket, key, size, chunk_size, content_type, created, updated, state, meta)"
            + " SELECT gen_random_uuid(), 'b', 'photos/' || (2000 + i % 30) || '/' || i, 0,"
            + " 4096, 'x', 0, 0, 'ready', jsonb_build_object('owner', 'user-' || i, 'n', i)"
            + " FROM generate_series(1, "
            + rows
            + ") i",
        "ANALYZE " + fixture.table("blobs"));
  }

  private static String explain(String sql, List<Object> params) throws Exception {
    try (Connection c = PgServer.admin();
        PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      return plan.toString();
    }
  }

  private static String string(String sql) throws Exception {
    try (Connection c = PgServer.admin();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
