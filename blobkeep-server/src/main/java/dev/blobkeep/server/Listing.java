package dev.blobkeep.server;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.Page;
import dev.blobkeep.Query;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Listings without content: {@code GET /b/{bucket}?prefix=&where.<field>=&fields=&limit=&cursor=}
 * and {@code GET /b}, the buckets a token may see.
 */
final class Listing {
  static final String WHERE = "where.";

  /** Most bucket names on one page of {@code GET /b}. */
  static final int MAX_BUCKETS = 1000;

  /** Bucket names on a page of {@code GET /b} without {@code ?limit=}. */
  static final int DEFAULT_BUCKETS = 100;

  private Listing() {}

  /**
   * One page of a bucket: {@code {"items": [...], "next_cursor": "..." | null}}, each item in the
   * shape of {@link BlobJson}. {@code where.<field>} values are read by {@link Query#whereText};
   * {@code fields} takes the snake_case names and, for now, their older camelCase forms.
   */
  static void bucket(Exchange ex, BlobStore store, String bucket) throws IOException {
    Query query = Query.bucket(bucket).prefix(ex.param("prefix"));
    for (String name : ex.query().getNames()) {
      if (name.startsWith(WHERE)) {
        query = query.whereText(name.substring(WHERE.length()), ex.param(name));
      } else if (!List.of("prefix", "fields", "limit", "cursor").contains(name)) {
        throw HttpError.badRequest(
            "unknown query parameter '"
                + name
                + "' (expected prefix, where.<field>, fields, limit, cursor)");
      }
    }
    String fields = ex.param("fields");
    if (fields != null && !fields.isBlank()) {
      query =
          query.fields(
              Arrays.stream(fields.split(",")).map(f -> BlobJson.fieldName(f.strip())).toList());
    }
    String limit = ex.param("limit");
    if (limit != null) {
      try {
        query = query.limit(Integer.parseInt(limit.strip()));
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("limit '" + limit + "' is not an integer");
      }
    }
    String cursor = ex.param("cursor");
    if (cursor != null && !cursor.isEmpty()) {
      query = query.after(cursor);
    }
    Page<BlobInfo> page = store.list(query);
    List<String> shown = shown(query);
    List<Object> items = new ArrayList<>(page.items().size());
    for (BlobInfo info : page.items()) {
      items.add(BlobJson.pick(info, shown));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("next_cursor", page.nextCursor());
    ex.sendJson(200, body);
  }

  /**
   * {@code {"buckets": [...], "next_cursor": "..."}}: one page ({@code ?limit=}, 1 to {@value
   * #MAX_BUCKETS}, default {@value #DEFAULT_BUCKETS}; {@code ?cursor=} from the last page) of the
   * buckets the token may see: the buckets it names, or for a token given every bucket those that
   * hold a visible blob, found with one index lookup each ({@link BlobStore#buckets}).
   */
  static void buckets(Exchange ex, BlobStore store, Access.Grant grant) throws IOException {
    for (String name : ex.query().getNames()) {
      if (!name.equals("limit") && !name.equals("cursor")) {
        throw HttpError.badRequest(
            "unknown query parameter '" + name + "' (expected limit, cursor)");
      }
    }
    int limit = DEFAULT_BUCKETS;
    String limitText = ex.param("limit");
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText.strip());
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("limit '" + limitText + "' is not an integer");
      }
      if (limit < 1 || limit > MAX_BUCKETS) {
        throw HttpError.badRequest("limit must be 1 to " + MAX_BUCKETS + ", got " + limit);
      }
    }
    String cursor = ex.param("cursor");
    String after = cursor == null || cursor.isEmpty() ? null : cursor;
    Page<String> page;
    if (grant.buckets() != null) {
      TreeSet<String> named = new TreeSet<>(grant.buckets());
      List<String> rest = new ArrayList<>(after == null ? named : named.tailSet(after, false));
      boolean more = rest.size() > limit;
      List<String> items = more ? rest.subList(0, limit) : rest;
      page = new Page<>(items, more ? items.get(items.size() - 1) : null);
    } else {
      page = store.buckets(after, limit);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("buckets", page.items());
    body.put("next_cursor", page.nextCursor());
    ex.sendJson(200, body);
  }

  /**
   * The fields an item shows: all without {@code fields=}, else the id, the built-in fields asked
   * for and {@code meta} holding the user fields asked for.
   */
  private static List<String> shown(Query query) {
    if (query.fields().isEmpty()) {
      return Query.BUILT_IN_FIELDS;
    }
    List<String> shown = new ArrayList<>();
    for (String name : Query.BUILT_IN_FIELDS) {
      if (query.returns(name) && !name.equals("meta")) {
        shown.add(name);
      }
    }
    if (query.fields().contains("meta") || !query.userFields().isEmpty()) {
      shown.add("meta");
    }
    return shown;
  }
}
