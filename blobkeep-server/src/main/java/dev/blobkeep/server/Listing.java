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

  /** Most blobs scanned to find the buckets of a token given every bucket. */
  private static final int BUCKET_SCAN_LIMIT = 100_000;

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
   * {@code {"buckets": [...], "complete": bool}}: the token's buckets, or for a token given every
   * bucket those found among the first {@value #BUCKET_SCAN_LIMIT} blobs.
   */
  static void buckets(Exchange ex, BlobStore store, Access.Grant grant) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    if (grant.buckets() != null) {
      body.put("buckets", new TreeSet<>(grant.buckets()));
      body.put("complete", true);
      ex.sendJson(200, body);
      return;
    }
    TreeSet<String> found = new TreeSet<>();
    Query query = Query.all().fields("bucket").limit(Query.MAX_LIMIT);
    int scanned = 0;
    Page<BlobInfo> page;
    do {
      page = store.list(query);
      for (BlobInfo info : page.items()) {
        found.add(info.bucket());
      }
      scanned += page.items().size();
      query = query.after(page.nextCursor());
    } while (page.hasMore() && scanned < BUCKET_SCAN_LIMIT);
    body.put("buckets", found);
    body.put("complete", !page.hasMore());
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
