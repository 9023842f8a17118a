package dev.blobkeep.internal;

import dev.blobkeep.BucketInfo;
import dev.blobkeep.BucketNotEmptyException;
import dev.blobkeep.BucketNotFoundException;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Page;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The buckets table: one row per bucket, so that a bucket exists while empty. A row is made by
 * {@code createBucket} and by the first blob stored into a bucket, and removed only by {@code
 * deleteBucket}, which refuses while the bucket holds any blob (ready, pending or staged). Names
 * are listed in binary order (they are ASCII), from the table alone.
 *
 * <p>A bucket holding blobs is found even without a row (a put racing a delete of its bucket in
 * another process can leave one so): {@link #info} then falls back to its oldest blob.
 */
final class BucketRows {
  /** Most names one page returns. */
  static final int MAX_LIMIT = 1000;

  private static final String HELD = "'" + Sql.READY + "', '" + Sql.PENDING + "', '";

  private BucketRows() {}

  private static String insert(Session s) {
    return s.dialect()
        .upsert(
            "INSERT INTO " + s.dialect().bucketsTable() + " (name, created) VALUES (?, ?)",
            "name",
            List.of());
  }

  /** Inserts the bucket's row unless it exists, in the caller's transaction; true if inserted. */
  static boolean ensure(Connection c, Session s, String bucket) throws SQLException {
    return Rows.update(c, s, insert(s), bucket, System.currentTimeMillis()) == 1;
  }

  /** Creates the bucket; true if it was created now, false if it existed. */
  static boolean create(Session s, String bucket) {
    return s.write(
        "creating bucket " + bucket,
        // a row made now for a bucket that held blobs without one (see above) is no creation
        c -> ensure(c, s, bucket) && holder(c, s, bucket, "'" + Sql.READY + "'") == null);
  }

  /**
   * Deletes the empty bucket.
   *
   * @throws BucketNotEmptyException naming one blob it holds
   * @throws BucketNotFoundException if there is no such bucket
   */
  static void delete(Session s, String bucket) {
    s.write(
        "deleting bucket " + bucket,
        c -> {
          String blob = holder(c, s, bucket, HELD + Sql.STAGED + "'");
          if (blob != null) {
            throw new BucketNotEmptyException(bucket, blob);
          }
          int n =
              Rows.update(
                  c, s, "DELETE FROM " + s.dialect().bucketsTable() + " WHERE name = ?", bucket);
          if (n == 0) {
            throw new BucketNotFoundException(bucket);
          }
          return null;
        });
  }

  /** The id of one blob in {@code bucket} whose state is in {@code states} (SQL list), or null. */
  private static String holder(Connection c, Session s, String bucket, String states)
      throws SQLException {
    String sql =
        "SELECT id FROM "
            + s.sql().blobs
            + " WHERE bucket = ? AND state IN ("
            + states
            + ") ORDER BY id LIMIT 1";
    return s.statements()
        .with(
            c,
            sql,
            ps -> {
              ps.setString(1, bucket);
              try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
              }
            });
  }

  /** The bucket, or empty if it does not exist. */
  static Optional<BucketInfo> info(Session s, String bucket) {
    return Optional.ofNullable(
        s.read(
            "looking up bucket " + bucket,
            c -> {
              Long created = created(c, s, bucket);
              return created == null ? null : new BucketInfo(bucket, Instant.ofEpochMilli(created));
            }));
  }

  private static Long created(Connection c, Session s, String bucket) throws SQLException {
    String[] sources = {
      "SELECT created FROM " + s.dialect().bucketsTable() + " WHERE name = ?",
      // no row: the oldest ready blob (ids are time-ordered), found on the (bucket, id) index
      "SELECT created FROM "
          + s.sql().blobs
          + " WHERE bucket = ? AND state = '"
          + Sql.READY
          + "' ORDER BY id LIMIT 1"
    };
    for (String sql : sources) {
      Long found =
          s.statements()
              .with(
                  c,
                  sql,
                  ps -> {
                    ps.setString(1, bucket);
                    try (ResultSet rs = ps.executeQuery()) {
                      return rs.next() ? rs.getLong(1) : null;
                    }
                  });
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * One page of buckets in name order, after {@code after} (exclusive; null for the first).
   *
   * @throws InvalidArgumentException if {@code limit} is not 1 to {@value #MAX_LIMIT}
   */
  static Page<BucketInfo> page(Session s, String after, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidArgumentException(
          "bucket page limit must be 1 to " + MAX_LIMIT + ", got " + limit);
    }
    String sql =
        "SELECT name, created FROM "
            + s.dialect().bucketsTable()
            + " WHERE name > ? ORDER BY name LIMIT ?";
    List<BucketInfo> found =
        s.read(
            "listing buckets after '" + (after == null ? "" : after) + "'",
            c ->
                s.statements()
                    .with(
                        c,
                        sql,
                        ps -> {
                          ps.setString(1, after == null ? "" : after);
                          ps.setInt(2, limit + 1); // one more, to know whether a next page exists
                          List<BucketInfo> out = new ArrayList<>();
                          try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                              out.add(
                                  new BucketInfo(
                                      rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))));
                            }
                          }
                          return out;
                        }));
    boolean more = found.size() > limit;
    List<BucketInfo> items = more ? found.subList(0, limit) : found;
    return new Page<>(items, more ? items.get(items.size() - 1).name() : null);
  }

  /** As {@link #page}, names only. */
  static Page<String> names(Session s, String after, int limit) {
    Page<BucketInfo> page = page(s, after, limit);
    List<String> names = new ArrayList<>(page.items().size());
    page.items().forEach(b -> names.add(b.name()));
    return new Page<>(names, page.nextCursor());
  }
}
