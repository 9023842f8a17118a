package dev.blobkeep.internal;

import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Page;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Bucket names by a loose index scan over the {@code (bucket, key)} index: each step asks for the
 * smallest bucket after the last one found, one index descent (O(log n)) per bucket, so a page
 * costs its length in lookups whatever the number of blobs. Only ready blobs count: a bucket that
 * holds nothing but uploads in progress is not listed until one is published (a step walks past
 * those pending rows of the bucket it lands on, which are few and short-lived).
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
    String sql =
        "SELECT bucket FROM "
            + s.sql().blobs
            + " WHERE bucket > ? AND state = '"
            + Sql.READY
            + "' ORDER BY bucket LIMIT 1";
    String from = after == null ? "" : after;
    List<String> names =
        s.read(
            "listing buckets after '" + from + "'",
            c -> {
              List<String> out = new ArrayList<>();
              String last = from;
              // One more than asked, to know whether a next page exists.
              while (out.size() <= limit) {
                String prev = last;
                String next =
                    s.statements()
                        .with(
                            c,
                            sql,
                            ps -> {
                              ps.setString(1, prev);
                              try (ResultSet rs = ps.executeQuery()) {
                                return rs.next() ? rs.getString(1) : null;
                              }
                            });
                if (next == null) {
                  break;
                }
                out.add(next);
                last = next;
              }
              return out;
            });
    boolean more = names.size() > limit;
    List<String> items = more ? names.subList(0, limit) : names;
    return new Page<>(items, more ? items.get(items.size() - 1) : null);
  }
}
