package dev.blobkeep.internal;

import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Query;
import dev.blobkeep.spi.KeyOrder;
import java.util.List;

/**
 * The key range a listing in key order reads ({@link Query#orderByKey()}): from the cursor, else
 * the start key, else the prefix, up to the prefix's successor. Both ends are plain comparisons on
 * the key column, so a page is a range scan of the unique (bucket, key) index of any size of
 * bucket; the backend's key column compares in UTF-8 binary order ({@link KeyOrder}).
 */
final class KeyRange {
  private static final String CURSOR_PREFIX = "k1:";

  private KeyRange() {}

  /** Appends the range's conditions to a WHERE clause already begun, and their parameters. */
  static void where(StringBuilder sql, List<Object> params, Query q) {
    if (q.bucket() == null) {
      throw new InvalidArgumentException("a listing in key order needs a bucket: " + q);
    }
    String from = q.startKey();
    boolean inclusive = q.startKeyListed();
    if (q.cursor() != null) {
      String after = Listing.decode(CURSOR_PREFIX, q.cursor(), "a listing in key order returned");
      if (from == null || KeyOrder.compare(after, from) >= 0) {
        from = after;
        inclusive = false;
      }
    }
    String prefix = q.prefix();
    if (prefix != null && (from == null || KeyOrder.compare(prefix, from) > 0)) {
      from = prefix;
      inclusive = true;
    }
    if (from == null) {
      sql.append(" AND key IS NOT NULL");
    } else {
      sql.append(inclusive ? " AND key >= ?" : " AND key > ?");
      params.add(from);
    }
    String upper = prefix == null ? null : KeyOrder.successor(prefix);
    if (upper != null) {
      sql.append(" AND key < ?");
      params.add(upper);
    }
  }

  static String cursor(String lastKey) {
    return Listing.encode(CURSOR_PREFIX, lastKey);
  }
}
