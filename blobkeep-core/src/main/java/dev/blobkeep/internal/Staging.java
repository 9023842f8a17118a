package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Page;
import dev.blobkeep.PutOptions;
import dev.blobkeep.spi.Dialect.Condition;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Staged blobs: stored and checksummed like any blob, in state {@link Sql#STAGED}, without a key,
 * so that no get by key, listing or bucket page ever shows them; found by id or by {@link #list}.
 * They wait for a {@link Compose} that consumes them, an abort ({@link #abort}), or the garbage
 * collector once older than the store's staged expiry ({@link #collect}).
 */
final class Staging {
  /** Most staged blobs one page returns. */
  static final int MAX_LIMIT = 1000;

  private Staging() {}

  /**
   * Stores {@code in} as a staged blob with the bucket, content type, user fields and digests the
   * options ask for (their key and conditions do not apply).
   *
   * @param expectedSize the content's length, or -1 if unknown: any other length fails, storing
   *     nothing
   */
  static BlobInfo stage(
      Session s, int chunkSize, InputStream in, long expectedSize, PutOptions options) {
    if (expectedSize < -1) {
      throw new InvalidArgumentException("expectedSize must be >= 0 or -1, got " + expectedSize);
    }
    PutOptions staged =
        PutOptions.in(options.bucket())
            .contentType(options.hasContentType() ? options.contentType() : null)
            .meta(options.meta())
            .etag(options.etag());
    if (options.isComputeMd5()) {
      staged = staged.computeMd5();
    }
    if (options.isSkipSha256()) {
      staged = staged.skipSha256();
    }
    InputStream content = expectedSize < 0 ? in : new ExactLength(in, expectedSize);
    // Its time is the database server's where there is one: Upload binds it so (Sql).
    return new Upload(s, staged, chunkSize, Sql.STAGED).run(content);
  }

  /**
   * One page of the staged blobs of a bucket whose user fields equal {@code metaEquals}, in id
   * order, after id {@code after} (exclusive; null for the first page). The page's cursor is the
   * last id.
   */
  static Page<BlobInfo> list(
      Session s, String bucket, Map<String, String> metaEquals, String after, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidArgumentException(
          "staged blob page limit must be 1 to " + MAX_LIMIT + ", got " + limit);
    }
    List<Object> params = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "SELECT "
                + s.sql().rowColumns
                + " FROM "
                + s.sql().blobs
                + " WHERE bucket = ? AND state = '"
                + Sql.STAGED
                + "'");
    params.add(bucket);
    Map<String, String> where = metaEquals == null ? Map.of() : metaEquals;
    for (Map.Entry<String, String> w : where.entrySet()) {
      Json.checkFieldName(w.getKey());
      Condition c = s.dialect().fieldEquals("meta", w.getKey(), Json.write(w.getValue()));
      sql.append(" AND ").append(c.sql());
      params.addAll(c.parameters());
    }
    if (after != null) {
      sql.append(" AND id > ?");
      params.add(new Id(dev.blobkeep.BlobRef.id(after).id()));
    }
    sql.append(" ORDER BY id LIMIT ?");
    params.add(limit + 1);
    Statements statements = where.size() <= Listing.MAX_CACHED_FIELDS ? s.statements() : null;
    List<BlobRow> rows =
        s.read(
            "listing staged blobs of bucket " + bucket,
            c ->
                (statements == null ? Statements.NONE : statements)
                    .with(
                        c,
                        sql.toString(),
                        ps -> {
                          Rows.bind(s, ps, params.toArray());
                          List<BlobRow> out = new ArrayList<>();
                          try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                              out.add(BlobRow.read(rs));
                            }
                          }
                          return out;
                        }));
    boolean more = rows.size() > limit;
    List<BlobInfo> items = new ArrayList<>();
    for (BlobRow r : more ? rows.subList(0, limit) : rows) {
      items.add(r.info());
    }
    return new Page<>(items, more ? items.get(items.size() - 1).id() : null);
  }

  /**
   * Removes the staged blob {@code id} (an abort): it is retired at once, its chunks purged after.
   *
   * @return false if there is no staged blob with that id
   */
  static boolean abort(Session s, String id) {
    String retire =
        "UPDATE "
            + s.sql().blobs
            + " SET state = '"
            + Sql.DELETED
            + "', updated = ? WHERE id = ? AND state = '"
            + Sql.STAGED
            + "'";
    int n =
        s.write(
            "removing staged blob " + id,
            c -> Rows.update(c, s, retire, System.currentTimeMillis(), new Id(id)));
    if (n == 0) {
      return false;
    }
    Purge.afterCommit(s, id);
    return true;
  }

  /**
   * Removes the staged blobs stored longer than {@code expiry} ago, by the database server's clock
   * where there is one. Each is first retired in its own transaction, guarded by its state and age,
   * so one consumed by a compose meanwhile is left alone.
   *
   * @return the number removed
   */
  static long collect(Session s, Duration expiry) {
    // the age is measured on the clock the stages' times were written with (Sql.insertBlob's
    // updated value: the server's clock where the dialect has one)
    String now = s.dialect().nowMillis();
    long cutoff = now == null ? System.currentTimeMillis() - expiry.toMillis() : expiry.toMillis();
    String where =
        " WHERE state = '" + Sql.STAGED + "' AND updated < " + (now == null ? "?" : now + " - ?");
    List<String> ids =
        s.read(
            "listing expired staged blobs",
            c ->
                s.statements()
                    .with(
                        c,
                        "SELECT id FROM " + s.sql().blobs + where + " ORDER BY id",
                        ps -> {
                          ps.setLong(1, cutoff);
                          List<String> out = new ArrayList<>();
                          try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                              out.add(rs.getString(1));
                            }
                          }
                          return out;
                        }));
    String retire =
        "UPDATE " + s.sql().blobs + " SET state = '" + Sql.DELETED + "'" + where + " AND id = ?";
    long removed = 0;
    for (String id : ids) {
      int n =
          s.write(
              "retiring expired staged blob " + id,
              c -> Rows.update(c, s, retire, cutoff, new Id(id)));
      if (n == 1) {
        Purge.blob(s, id);
        removed++;
      }
    }
    return removed;
  }

  /** Passes content through, failing at its end unless it was exactly the expected length. */
  private static final class ExactLength extends FilterInputStream {
    private final long expected;
    private long seen;

    ExactLength(InputStream in, long expected) {
      super(in);
      this.expected = expected;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? -1 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count(n);
      return n;
    }

    private void count(int n) throws IOException {
      if (n < 0) {
        if (seen != expected) {
          throw new IOException("the content ended after " + seen + " bytes, expected " + expected);
        }
        return;
      }
      seen += n;
      if (seen > expected) {
        throw new IOException("the content is longer than the expected " + expected + " bytes");
      }
    }
  }
}
