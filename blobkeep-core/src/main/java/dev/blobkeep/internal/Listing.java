package dev.blobkeep.internal;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Page;
import dev.blobkeep.Query;
import dev.blobkeep.spi.Dialect.Condition;
import dev.blobkeep.spi.KeyOrder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Query} as one SELECT on the blobs table alone: the chunks table is never touched.
 * Pages are ordered by id, the cursor being the last id seen, or by key ({@link KeyRange}); the
 * cursor is opaque to callers.
 */
final class Listing {
  private static final String CURSOR_PREFIX = "v1:";
  static final int MAX_CACHED_FIELDS = 2;

  private Listing() {}

  static Page<BlobInfo> run(Session s, Query q) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "SELECT " + s.sql().rowColumns + " FROM " + s.sql().blobs + " WHERE state = ?");
    params.add(Sql.READY);
    if (q.bucket() != null) {
      sql.append(" AND bucket = ?");
      params.add(q.bucket());
    }
    // In key order the key range [prefix, successor) already holds the prefix.
    if (q.prefix() != null && !(q.byKey() && KeyOrder.successor(q.prefix()) != null)) {
      add(sql, params, s.dialect().startsWith(s.dialect().keyColumn(), q.prefix()));
    }
    for (Map.Entry<String, Object> w : q.where().entrySet()) {
      add(sql, params, s.dialect().fieldEquals("meta", w.getKey(), Json.write(w.getValue())));
    }
    if (q.byKey()) {
      KeyRange.where(sql, params, q, s.dialect().keyColumn());
    } else if (q.cursor() != null) {
      sql.append(" AND id > ?");
      params.add(new Rows.Id(decodeCursor(q.cursor())));
    }
    sql.append(
        q.byKey() ? " ORDER BY " + s.dialect().keyColumn() + " LIMIT ?" : " ORDER BY id LIMIT ?");
    params.add(q.limit() + 1);
    List<BlobRow> rows =
        s.read(
            "listing " + q,
            c ->
                statements(s, q)
                    .with(
                        c,
                        sql.toString(),
                        ps -> {
                          List<BlobRow> out = new ArrayList<>();
                          Rows.bind(s, ps, params.toArray());
                          try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                              out.add(BlobRow.read(rs));
                            }
                          }
                          return out;
                        }));
    boolean more = rows.size() > q.limit();
    if (more) {
      rows = rows.subList(0, q.limit());
    }
    List<BlobInfo> items = new ArrayList<>(rows.size());
    for (BlobRow r : rows) {
      items.add(project(r, q));
    }
    BlobRow last = more ? rows.get(rows.size() - 1) : null;
    String next =
        last == null ? null : q.byKey() ? KeyRange.cursor(last.key()) : encodeCursor(last.id());
    return new Page<>(items, next);
  }

  /**
   * Where the query's statement is prepared. Its SQL text holds no values (they are parameters),
   * only the query's shape: bucket or not, prefix or not, cursor or not, and one condition per user
   * field (a number or not, on SQLite). Shapes with up to {@value #MAX_CACHED_FIELDS} fields are
   * few, and kept in the statement cache like the engine's fixed statements; a query on more fields
   * is prepared for its one use, so that odd queries cannot crowd the cache.
   */
  private static Statements statements(Session s, Query q) {
    return q.where().size() <= MAX_CACHED_FIELDS ? s.statements() : Statements.NONE;
  }

  private static void add(StringBuilder sql, List<Object> params, Condition c) {
    sql.append(" AND ").append(c.sql());
    params.addAll(c.parameters());
  }

  private static BlobInfo project(BlobRow r, Query q) {
    Map<String, Object> meta = null;
    List<String> userFields = q.userFields();
    if (q.fields().isEmpty() || q.fields().contains("meta")) {
      meta = Json.readStored(r.metaJson());
    } else if (!userFields.isEmpty()) {
      Map<String, Object> all = Json.readStored(r.metaJson());
      meta = new LinkedHashMap<>();
      for (String f : userFields) {
        if (all.containsKey(f)) {
          meta.put(f, all.get(f));
        }
      }
      meta = java.util.Collections.unmodifiableMap(meta);
    }
    return new BlobInfo(
        r.id(),
        q.returns("bucket") ? r.bucket() : null,
        q.returns("key") ? r.key() : null,
        q.returns("size") ? r.size() : -1,
        q.returns("content_type") ? r.contentType() : null,
        q.returns("sha256") ? r.sha256() : null,
        q.returns("created") ? Instant.ofEpochMilli(r.created()) : null,
        q.returns("updated") ? Instant.ofEpochMilli(r.updated()) : null,
        meta,
        q.returns("sha256") ? r.version() : -1, // the etag needs both
        q.returns("sha256") ? r.md5() : null, // the stored digests come with the SHA-256
        q.returns("sha256") ? r.etag() : null);
  }

  static String encodeCursor(String lastId) {
    return encode(CURSOR_PREFIX, lastId);
  }

  static String decodeCursor(String cursor) {
    return dev.blobkeep.BlobRef.id(decode(CURSOR_PREFIX, cursor, "this store returned")).id();
  }

  /** A cursor: {@code kind} and {@code value}, in URL-safe Base64. */
  static String encode(String kind, String value) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((kind + value).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The value of a cursor of {@code kind}; fails naming the cursor ("is not one {@code what}") if
   * it is of another kind.
   */
  static String decode(String kind, String cursor, String what) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith(kind)) {
        return text.substring(kind.length());
      }
    } catch (IllegalArgumentException e) {
      // fall through to the message below
    }
    throw new InvalidArgumentException("cursor " + Quoted.of(cursor) + " is not one " + what);
  }
}
