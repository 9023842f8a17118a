package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Page;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.SqliteFixture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Query filters with hostile keys, field names and values return exactly what an in-memory model
 * says, on SQLite and on PostgreSQL alike: {@code prefix} is a literal code-point prefix (no
 * wildcard, collation or escaping effect), {@code where} is equality of JSON values. The same
 * random blobs go into both stores; every query's pages, followed by cursor, must match the model.
 * Blobs: 300 (soak: 1,500); queries: 1,000 (soak: 5,000) per backend.
 */
@ExtendWith(PgAvailable.class)
class FilterConsistencyTest {
  private static final int BLOBS = Soak.pick(300, 1500);
  private static final int QUERIES = Soak.pick(1000, 5000);
  private static final String BUCKET = "f";

  @Test
  void prefixAndWhereMatchTheModelOnBothBackends() throws Exception {
    Scenario scenario =
        Scenario.withoutStoredData(
            "hostile input: prefix/where filters vs model, SQLite and PostgreSQL");
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    List<String> keys = new ArrayList<>();
    List<Map<String, Object>> metas = new ArrayList<>();
    List<String> fieldNames = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      fieldNames.add(fieldName(random));
    }
    TreeSet<String> seen = new TreeSet<>();
    while (keys.size() < BLOBS) {
      String key = key(random, keys);
      if (!seen.add(key)) {
        continue;
      }
      keys.add(key);
      Map<String, Object> meta = new LinkedHashMap<>();
      for (int f = 0; f < 3; f++) {
        meta.put(fieldNames.get(random.nextInt(fieldNames.size())), value(random));
      }
      metas.add(meta);
    }
    long ops = 0;
    try (SqliteFixture sqliteDb = new SqliteFixture();
        PgFixture pgDb = new PgFixture();
        BlobStore sqlite = sqliteDb.open(StoreOptions.defaults());
        BlobStore pg = pgDb.open(StoreOptions.defaults())) {
      for (int i = 0; i < keys.size(); i++) {
        PutOptions options = PutOptions.at(BUCKET, keys.get(i)).meta(metas.get(i));
        sqlite.put(new byte[0], options);
        pg.put(new byte[0], options);
        ops += 2;
      }
      for (int q = 0; q < QUERIES; q++) {
        Query query;
        TreeSet<String> expected = new TreeSet<>();
        String described;
        if (random.nextBoolean()) {
          String prefix = prefix(random, keys);
          try {
            query = Query.bucket(BUCKET).prefix(prefix);
          } catch (InvalidArgumentException e) {
            continue; // a prefix that is not a valid key (checked by the fuzz tests)
          }
          for (String k : keys) {
            if (k.startsWith(prefix)) {
              expected.add(k);
            }
          }
          described = "prefix " + FuzzTally.show(prefix);
        } else {
          int i = random.nextInt(keys.size());
          String field = fieldNames.get(random.nextInt(fieldNames.size()));
          Object value =
              random.nextInt(3) == 0 || !metas.get(i).containsKey(field)
                  ? value(random)
                  : metas.get(i).get(field);
          query = Query.bucket(BUCKET).where(field, value);
          for (int j = 0; j < keys.size(); j++) {
            Map<String, Object> meta = metas.get(j);
            if (meta.containsKey(field) && Objects.equals(meta.get(field), value)) {
              expected.add(keys.get(j));
            }
          }
          described =
              "where " + FuzzTally.show(field) + " = " + FuzzTally.show(String.valueOf(value));
        }
        query = query.limit(1 + random.nextInt(50));
        assertThat(all(sqlite, query))
            .as("SQLite, %s (seed %d)", described, seed)
            .isEqualTo(expected);
        assertThat(all(pg, query))
            .as("PostgreSQL, %s (seed %d)", described, seed)
            .isEqualTo(expected);
        ops += 2;
      }
    }
    scenario.operations(ops);
    scenario.pass(BLOBS + " hostile keys and fields, " + QUERIES + " queries");
  }

  private static TreeSet<String> all(BlobStore store, Query query) {
    TreeSet<String> out = new TreeSet<>();
    Query q = query;
    while (true) {
      Page<BlobInfo> page = store.list(q);
      page.items().forEach(b -> out.add(b.key()));
      if (page.nextCursor() == null) {
        return out;
      }
      q = q.after(page.nextCursor());
    }
  }

  /** Characters that test quoting, escaping, collation and byte order. */
  private static final String ALPHABET =
      "aAbB%_*?.[]$'\"\\/ \t\u0085\u00e9\u00ff\u0100\u2028\ud7ff\ue000\uffee\uffff";

  private static String text(Random random, int maxCodePoints) {
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(maxCodePoints + 1);
    for (int i = 0; i < n; i++) {
      int pick = random.nextInt(10);
      if (pick == 0) {
        b.appendCodePoint(0x10000 + random.nextInt(0x100000 - 0x10000)); // supplementary
      } else if (pick == 1) {
        b.appendCodePoint(0x10ffff);
      } else {
        b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return b.toString();
  }

  private static String key(Random random, List<String> existing) {
    if (!existing.isEmpty() && random.nextInt(3) == 0) {
      return existing.get(random.nextInt(existing.size()))
          + text(random, 3).replace('\t', 't'); // shared prefixes
    }
    String k = text(random, 8).replace('\t', 't');
    return k.isEmpty() ? "k" : k;
  }

  private static String fieldName(Random random) {
    String f = text(random, 6).replace("\"", "").replace("\\", "").replace("\t", "");
    return f.isEmpty() ? "f" : f;
  }

  private static Object value(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> random.nextInt(5);
      case 1 -> random.nextBoolean();
      case 2 -> null;
      default -> text(random, 4).replace('\u0000', 'x');
    };
  }

  private static String prefix(Random random, List<String> keys) {
    if (random.nextInt(5) == 0) {
      return text(random, 3);
    }
    String k = keys.get(random.nextInt(keys.size()));
    int cps = k.codePointCount(0, k.length());
    return k.substring(0, k.offsetByCodePoints(0, random.nextInt(cps + 1)));
  }
}
