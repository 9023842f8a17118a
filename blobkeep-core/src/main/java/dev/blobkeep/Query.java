package dev.blobkeep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.blobkeep.internal.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A listing of blobs without their content (RethinkDB's {@code filter(...).pluck(...)}): filtered
 * by bucket, key prefix and equality on user fields, returning only the fields asked for, in a
 * stable order (by id, which is creation order, or by key: {@link #orderByKey()}), one page at a
 * time. Immutable.
 *
 * <pre>{@code
 * Page<BlobInfo> page = store.list(Query.bucket("files").where("owner", "ann").fields("id", "filename"));
 * }</pre>
 */
public final class Query {
  /** The built-in fields; any other name asks for a user field of the same name. */
  public static final List<String> BUILT_IN_FIELDS =
      List.of(
          "id", "bucket", "key", "size", "content_type", "sha256", "created", "updated", "meta");

  /** Page size when none is given. */
  public static final int DEFAULT_LIMIT = 100;

  /** Largest page size accepted. */
  public static final int MAX_LIMIT = 10_000;

  private final String bucket;
  private final String prefix;
  private final Map<String, Object> where;
  private final Set<String> fields;
  private final int limit;
  private final String cursor;

  private final KeyStart keyStart;
  private static final KeyStart FIRST_KEY = new KeyStart(null, true);

  /**
   * Where a listing in key order starts, or null for a listing in id order.
   *
   * @param key the key it starts at or after; null to start at the first key
   * @param inclusive true if {@code key} itself is listed
   */
  private record KeyStart(String key, boolean inclusive) {}

  private Query(
      String bucket,
      String prefix,
      Map<String, Object> where,
      Set<String> fields,
      int limit,
      String cursor,
      KeyStart keyStart) {
    this.bucket = bucket;
    this.prefix = prefix;
    this.where = where;
    this.fields = fields;
    this.limit = limit;
    this.cursor = cursor;
    this.keyStart = keyStart;
  }

  /**
   * {@return a query of every visible blob in every bucket}, in id order, {@value #DEFAULT_LIMIT}
   * per page.
   */
  public static Query all() {
    return new Query(null, null, Map.of(), Set.of(), DEFAULT_LIMIT, null, null);
  }

  /**
   * {@return a query of every visible blob in one bucket}
   *
   * @param bucket the bucket's name
   * @throws InvalidArgumentException if the name is not a valid bucket name
   */
  public static Query bucket(String bucket) {
    return all().inBucket(bucket);
  }

  /**
   * Only blobs in {@code bucket}.
   *
   * @param bucket the bucket's name
   * @return a copy of this query with the change
   * @throws InvalidArgumentException if the name is not a valid bucket name
   */
  public Query inBucket(String bucket) {
    return new Query(Names.checkBucket(bucket), prefix, where, fields, limit, cursor, keyStart);
  }

  /**
   * Only blobs whose key starts with {@code prefix} (blobs without a key never match).
   *
   * @param prefix the start of the keys listed; null or empty for any key
   * @return a copy of this query with the change
   * @throws InvalidArgumentException if the prefix is not valid as a key
   */
  public Query prefix(String prefix) {
    if (prefix != null && !prefix.isEmpty()) {
      Names.checkKey(prefix);
    }
    return new Query(
        bucket,
        prefix == null || prefix.isEmpty() ? null : prefix,
        where,
        fields,
        limit,
        cursor,
        keyStart);
  }

  /**
   * Only blobs whose user field {@code field} equals {@code value} (a string, number, boolean or
   * null, compared as JSON values: {@code "1"} does not equal {@code 1}). Repeated calls combine
   * with AND.
   *
   * @param field a user field's name
   * @param value the value it must have
   * @return a copy of this query with the change
   * @throws InvalidArgumentException naming the field if its name is invalid or the value is not a
   *     scalar
   */
  public Query where(String field, Object value) {
    Json.checkFieldName(field);
    Json.checkScalar(field, value);
    Map<String, Object> copy = new LinkedHashMap<>(where);
    copy.put(field, value);
    return new Query(
        bucket, prefix, Collections.unmodifiableMap(copy), fields, limit, cursor, keyStart);
  }

  /**
   * Like {@link #where(String, Object)} with the value written as text, as on a command line
   * ({@code ls --where NAME=TEXT}) or in a URL ({@code where.NAME=TEXT}); see {@link
   * #valueOf(String)}: so {@code http_status=200} finds the number 200 and {@code
   * http_status="200"} the string "200".
   *
   * @param field a user field's name
   * @param text the value as text, read by {@link #valueOf(String)}
   * @return a copy of this query with the change
   */
  public Query whereText(String field, String text) {
    return where(field, valueOf(text));
  }

  /**
   * The value that {@code text} stands for in {@link #whereText}: a JSON number ({@code 200},
   * {@code -1.5}), {@code true}, {@code false} or {@code null} is that scalar; a JSON string in
   * double quotes ({@code "200"}) is that string, unquoted; any other text ({@code ann}, an empty
   * text) is itself, a string. Numbers are {@code Long}, {@code BigInteger} or {@code BigDecimal}.
   *
   * @param text the value as written, not null
   * @return the value: a {@code String}, a number, a {@code Boolean} or null
   */
  public static Object valueOf(String text) {
    Objects.requireNonNull(text, "text");
    JsonNode node;
    try {
      node = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      return text; // not JSON: the text itself
    }
    if (node == null || !node.isValueNode() || node.isMissingNode()) {
      return text;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNull()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.decimalValue();
    }
    return text;
  }

  /**
   * Returns only these fields: built-in names from {@link #BUILT_IN_FIELDS}, any other name being a
   * user field. No call, or no names, returns everything. The id is always returned.
   *
   * @param names the fields returned
   * @return a copy of this query with the change
   * @throws InvalidArgumentException naming a field whose name is invalid
   */
  public Query fields(String... names) {
    return fields(List.of(names));
  }

  /**
   * Returns only these fields; as {@link #fields(String...)}.
   *
   * @param names the fields returned
   * @return a copy of this query with the change
   * @throws InvalidArgumentException naming a field whose name is invalid
   */
  public Query fields(List<String> names) {
    Set<String> set = new LinkedHashSet<>();
    for (String n : names) {
      Json.checkFieldName(n);
      set.add(n);
    }
    return new Query(
        bucket, prefix, where, Collections.unmodifiableSet(set), limit, cursor, keyStart);
  }

  /**
   * At most this many blobs per page, 1 to {@value #MAX_LIMIT}.
   *
   * @param limit most blobs per page
   * @return a copy of this query with the change
   * @throws InvalidArgumentException naming the value if it is out of range
   */
  public Query limit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
    }
    return new Query(bucket, prefix, where, fields, limit, cursor, keyStart);
  }

  /**
   * Continue after the page that returned this cursor ({@link Page#nextCursor()}).
   *
   * @param cursor a page's {@link Page#nextCursor()}, or null for the first page
   * @return a copy of this query with the change
   */
  public Query after(String cursor) {
    return new Query(bucket, prefix, where, fields, limit, cursor, keyStart);
  }

  /**
   * Lists in key order instead of id order: UTF-8 binary order, which is code point order and the
   * order S3 lists in ({@link dev.blobkeep.spi.KeyOrder}). Only blobs with a key are listed, the
   * query needs a bucket, and each page is read from the (bucket, key) index: a bucket of any size
   * lists page by page. The cursor of a page is then its last key.
   *
   * @return a copy of this query with the change
   */
  public Query orderByKey() {
    return new Query(
        bucket, prefix, where, fields, limit, cursor, keyStart != null ? keyStart : FIRST_KEY);
  }

  /**
   * Lists in key order ({@link #orderByKey()}), only the keys after {@code key} (which need not be
   * stored); null for no bound. With a cursor too, the listing continues after the later of the
   * two.
   *
   * @param key the key the listing starts after, or null
   * @return a copy of this query with the change
   */
  public Query startAfter(String key) {
    return new Query(bucket, prefix, where, fields, limit, cursor, new KeyStart(key, false));
  }

  /**
   * Lists in key order ({@link #orderByKey()}), only {@code key} and the keys after it.
   *
   * @param key the first key listed if stored, or null for no bound
   * @return a copy of this query with the change
   */
  public Query startAt(String key) {
    return new Query(bucket, prefix, where, fields, limit, cursor, new KeyStart(key, true));
  }

  /** {@return true if this query lists in key order} ({@link #orderByKey()}) */
  public boolean byKey() {
    return keyStart != null;
  }

  /**
   * {@return the key a listing in key order starts at or after, or null} (see {@link
   * #startKeyListed})
   */
  public String startKey() {
    return keyStart == null ? null : keyStart.key();
  }

  /**
   * {@return true if {@link #startKey()} itself is listed} ({@link #startAt}), false if only keys
   * after it are.
   */
  public boolean startKeyListed() {
    return keyStart != null && keyStart.inclusive();
  }

  /** {@return the bucket listed, or null for every bucket} */
  public String bucket() {
    return bucket;
  }

  /** {@return the key prefix listed, or null for any key} */
  public String prefix() {
    return prefix;
  }

  /**
   * {@return the user fields and the values they must have}, in the order given; unmodifiable,
   * empty for no filter
   */
  public Map<String, Object> where() {
    return where;
  }

  /** {@return the requested fields}; empty means all. Unmodifiable. */
  public Set<String> fields() {
    return fields;
  }

  /** {@return the requested user fields} (those not built in), in the order given */
  public List<String> userFields() {
    List<String> out = new ArrayList<>();
    for (String f : fields) {
      if (!BUILT_IN_FIELDS.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * {@return true if the built-in field {@code name} is returned}
   *
   * @param name a name from {@link #BUILT_IN_FIELDS}
   */
  public boolean returns(String name) {
    return fields.isEmpty() || name.equals("id") || fields.contains(name);
  }

  /** {@return the most blobs per page} */
  public int limit() {
    return limit;
  }

  /** {@return the cursor to continue after, or null for the first page} */
  public String cursor() {
    return cursor;
  }

  @Override
  public String toString() {
    return "Query{bucket="
        + bucket
        + ", prefix="
        + prefix
        + ", where="
        + where
        + ", fields="
        + fields
        + ", limit="
        + limit
        + ", cursor="
        + cursor
        + (keyStart == null ? "" : ", byKey from " + keyStart)
        + "}";
  }
}
