package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every user-controlled string that reaches SQL goes through parameters: SQL injection is tried
 * through the bucket, key, prefix, where field names and values, requested fields, cursor, content
 * type and user fields, on SQLite and PostgreSQL. Afterwards the store's tables and a canary table
 * are intact, every value was stored literally, and filters match exactly (no wildcard or JSON-path
 * meaning leaks through).
 */
class InjectionTest {
  /** Payloads for each dialect's quoting: quotes, comments, statement ends, wildcards, paths. */
  static final List<String> PAYLOADS =
      List.of(
          "'; DROP TABLE blobkeep_blobs; --",
          "x' OR '1'='1",
          "'); DELETE FROM blobkeep_chunks; --",
          "$$; DROP TABLE canary; $$",
          "1; DROP TABLE canary",
          "%",
          "_",
          "a%b_c*?",
          "$.a",
          "$[0]",
          "a.b",
          "a]b[",
          "') OR 1=1 --",
          "' || (SELECT count(*) FROM canary) || '",
          "?",
          ":name",
          "\u2019; DROP TABLE canary; --",
          "key with spaces and 'quotes' and ü and 😀");

  @Test
  void sqliteStoresEveryHostileStringLiterally() throws Exception {
    run("injection: every user string, SQLite", SqliteFixture::new);
  }

  @Test
  @ExtendWith(PgAvailable.class)
  void postgresStoresEveryHostileStringLiterally() throws Exception {
    run("injection: every user string, PostgreSQL", PgFixture::new);
  }

  private static void run(String name, Supplier<StoreFixture> database) throws Exception {
    Scenario scenario = Scenario.storedData(name);
    long ops = 0;
    try (StoreFixture db = database.get();
        BlobStore store = db.open(StoreOptions.defaults())) {
      exec(db, "CREATE TABLE canary (v TEXT)");
      exec(db, "INSERT INTO canary VALUES ('alive')");
      List<BlobInfo> stored = new ArrayList<>();
      int i = 0;
      for (String p : PAYLOADS) {
        String field = p.replace("\"", "").replace("\\", "");
        byte[] content = ("content " + i).getBytes(StandardCharsets.UTF_8);
        PutOptions options =
            PutOptions.at("inj-" + i % 3, p)
                .contentType(contentType(field))
                .meta(Map.of(field, p, "n", i, "nested", Map.of(field, List.of(p))));
        BlobInfo info = store.put(content, options);
        stored.add(info);
        ops++;
        // Stored literally.
        BlobInfo back = store.info(BlobRef.key("inj-" + i % 3, p));
        assertThat(back.key()).isEqualTo(p);
        assertThat(back.contentType()).isEqualTo(contentType(field));
        assertThat(back.meta()).containsEntry(field, p);
        scenario.compare(back.ref().toString(), store.getBytes(back.ref()), content);
        ops += 2;
        i++;
      }
      i = 0;
      for (String p : PAYLOADS) {
        String field = p.replace("\"", "").replace("\\", "");
        String bucket = "inj-" + i % 3;
        // Prefix: exactly the keys that start with it, wildcards taken literally.
        List<String> byPrefix = keys(store, Query.bucket(bucket).prefix(p).fields("key"));
        List<String> expected = new ArrayList<>();
        for (int j = 0; j < PAYLOADS.size(); j++) {
          if (j % 3 == i % 3 && PAYLOADS.get(j).startsWith(p)) {
            expected.add(PAYLOADS.get(j));
          }
        }
        assertThat(byPrefix).as("prefix %s", p).containsExactlyInAnyOrderElementsOf(expected);
        // Where: the field name and value match only the blob that has them.
        List<String> byField = keys(store, Query.all().where(field, p).fields("key", field));
        List<String> sameField = new ArrayList<>();
        for (String q : PAYLOADS) {
          if (q.replace("\"", "").replace("\\", "").equals(field) && q.equals(p)) {
            sameField.add(q);
          }
        }
        assertThat(byField).as("where %s = %s", field, p).containsExactlyElementsOf(sameField);
        assertThat(keys(store, Query.all().where(field, p + "x"))).isEmpty();
        assertThat(keys(store, Query.all().where("n", p))).isEmpty();
        // Requested fields: the user field comes back with its value, nothing else leaks.
        BlobInfo projected =
            store.list(Query.bucket(bucket).prefix(p).fields(field)).items().stream()
                .filter(b -> b.id().equals(stored.get(PAYLOADS.indexOf(p)).id()))
                .findFirst()
                .orElseThrow();
        assertThat(projected.meta()).containsEntry(field, p);
        // Cursor: text that is not a cursor is refused, even when it encodes an id-like string.
        String cursor =
            Base64.getUrlEncoder().encodeToString(("v1:" + p).getBytes(StandardCharsets.UTF_8));
        for (String c : List.of(p, cursor)) {
          assertThatThrownBy(() -> store.list(Query.all().after(c)))
              .isInstanceOf(InvalidArgumentException.class)
              .message()
              .doesNotContain("\n");
        }
        // Updating user fields by a hostile name stores it literally too.
        store.updateMeta(stored.get(i).ref(), Map.of(field + "!", p), List.of("n"));
        assertThat(store.info(stored.get(i).ref()).meta())
            .containsEntry(field + "!", p)
            .doesNotContainKey("n");
        ops += 8;
        i++;
      }
      // Buckets allow no SQL punctuation at all: only letters, digits, '.', '_' and '-'.
      for (String p : PAYLOADS) {
        if (!p.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*")) {
          assertThatThrownBy(() -> PutOptions.at(p, "k"))
              .isInstanceOf(InvalidArgumentException.class);
        } else {
          store.put(new byte[] {1}, PutOptions.at(p, "k"));
          assertThat(store.list(Query.bucket(p)).items()).hasSize(1);
          store.delete(BlobRef.key(p, "k"));
        }
      }
      // The tables are intact.
      assertThat(count(db, "SELECT count(*) FROM canary")).isEqualTo(1);
      assertThat(count(db, "SELECT count(*) FROM " + db.table("blobs"))).isEqualTo(PAYLOADS.size());
      // each one-byte blob's content: inline in its row (schema 4), so no chunk rows
      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM " + db.table("blobs") + " WHERE inline_data IS NOT NULL"))
          .isEqualTo(PAYLOADS.size());
      assertThat(count(db, "SELECT count(*) FROM " + db.table("chunks"))).isZero();
      assertThat(count(db, "SELECT count(*) FROM " + db.table("settings"))).isPositive();
      assertThat(store.list(Query.all().limit(1000)).items()).hasSize(PAYLOADS.size());
      var report = store.verifyAll();
      report.problems().forEach(p -> scenario.failed("verify: " + p));
      scenario.bytesCompared(report.bytesChecked());
    }
    scenario.operations(ops);
    scenario.pass(PAYLOADS.size() + " payloads x 9 entry points");
  }

  /** A content type carrying the payload's printable ASCII in a parameter. */
  private static String contentType(String field) {
    return "text/plain; note=\"" + field.replaceAll("[^\\x20-\\x7e]", "") + "\"";
  }

  private static List<String> keys(BlobStore store, Query q) {
    List<String> out = new ArrayList<>();
    store.list(q.limit(1000)).items().forEach(b -> out.add(b.key() == null ? "?" : b.key()));
    return out;
  }

  private static void exec(StoreFixture db, String sql) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(StoreFixture db, String sql) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
