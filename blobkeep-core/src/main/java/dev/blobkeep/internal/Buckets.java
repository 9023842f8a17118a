package dev.blobkeep.internal;

import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Page;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Bucket names by a loose index scan over the {@code (bucket, key)} index: each step asks for the
 * smallest bucket after the last one found, one index descent (O(log n)) per bucket, so a page
 * costs its length in lookups whatever the number of blobs. The steps run as one recursive query,
 * in one round trip. Only ready blobs count: a bucket that holds nothing but uploads in progress is
 * not listed until one is published (a step walks past those pending rows of the bucket it lands
 * on, which are few and short-lived).
 */
final class Buckets {
  /** Most names one page returns. */
  static final int MAX_LIMIT = 1000;

  private Buckets() {}

  static Page<String> page(Session s, String after, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidArgumentException(
          "bucket page limit must be 1 to " + MAX_LIMIT + ", got " + limit);
    }
    // Every step in one statement: one round trip to the server for the whole page. One more
    // name than asked, to know whether a next page exists.
    String sql =
        "WITH RECURSIVE found(name, n) AS (SELECT "
            + after(s, "?")
            + ", 1 UNION ALL SELECT "
            + after(s, "found.name")
            + ", found.n + 1 FROM found WHERE found.name IS NOT NULL AND found.n <= ?)"
            + " SELECT name FROM found WHERE name IS NOT NULL ORDER BY n";
    List<String> names =
        s.read(
            "listing buckets after '" + (after == null ? "" : after) + "'",
            c ->
                s.statements()
                    .with(
                        c,
                        sql,
                        ps -> {
                          ps.setString(1, after == null ? "" : after);
                          ps.setInt(2, limit);
                          List<String> out = new ArrayList<>();
                          try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                              out.add(rs.getString(1));
                            }
                          }
                          return out;
                        }));
    boolean more = names.size() > limit;
    List<String> items = more ? names.subList(0, limit) : names;
    return new Page<>(items, more ? items.get(items.size() - 1) : null);
  }

  /** The smallest bucket with a ready blob after {@code bound}: one descent of the index. */
  private static String after(Session s, String bound) {
    return "(SELECT bucket FROM "
        + s.sql().blobs
        + " WHERE bucket > "
        + bound
        + " AND state = '"
        + Sql.READY
        + "' ORDER BY bucket LIMIT 1)";
  }
}
