package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobkeepException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes a blob that no reader can see any more (pending, deleted or replaced): its chunks in
 * short transactions of a few hundred, then its row. Safe to repeat and to run concurrently.
 */
final class Purge {
  private static final int CHUNKS_PER_TRANSACTION = 256;

  private Purge() {}

  /**
   * Removes a blob retired by an operation that has already committed (a delete, a replacing put).
   * On its own short transactions a failure here (a full disk, a lost connection) must not make the
   * caller believe the committed operation failed: the retired blob is invisible, and {@code gc} or
   * the next open removes what is left. Inside an enclosing transaction a failure is thrown, since
   * that transaction may no longer be usable.
   */
  static void afterCommit(Session s, String id) {
    if (s.bound()) {
      blob(s, id);
      return;
    }
    try {
      blob(s, id);
    } catch (BlobkeepException e) {
      // Left for gc: the operation itself is committed and complete.
    }
  }

  /** Removes the blob's chunks and row; returns the number of chunks removed. */
  static long blob(Session s, String id) {
    // A pending upload is first marked deleted, in its own transaction: were its chunks removed
    // while it stayed pending, a publish racing with this purge would make visible a blob whose
    // missing chunks read as zeros. Marked, the publish fails instead ("removed while in
    // progress").
    s.write("abandoning upload " + id, c -> Rows.update(c, s, s.sql().abandon, new Id(id)));
    long removed = 0;
    while (true) {
      long n =
          s.write(
              "removing chunks of blob " + id,
              c -> {
                BlobRow row = Rows.byId(c, s, id);
                if (row != null && row.kept()) {
                  return 0L; // never touch the chunks of a published or staged blob
                }
                List<Long> idx =
                    s.statements()
                        .with(
                            c,
                            s.sql().chunkIndexes,
                            ps -> {
                              List<Long> out = new ArrayList<>();
                              s.dialect().setId(ps, 1, id);
                              ps.setInt(2, CHUNKS_PER_TRANSACTION);
                              try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                  out.add(rs.getLong(1));
                                }
                              }
                              return out;
                            });
                if (!idx.isEmpty()) {
                  Rows.exec(
                      c,
                      s,
                      s.sql().deleteChunkRange,
                      new Id(id),
                      idx.get(0),
                      idx.get(idx.size() - 1));
                }
                return (long) idx.size();
              });
      removed += n;
      if (n < CHUNKS_PER_TRANSACTION) {
        break;
      }
    }
    s.write(
        "removing blob " + id,
        c -> {
          deleteRowIfRetired(c, s, id);
          return null;
        });
    return removed;
  }

  private static void deleteRowIfRetired(java.sql.Connection c, Session s, String id)
      throws SQLException {
    BlobRow row = Rows.byId(c, s, id);
    if (row != null && !row.kept()) {
      Rows.exec(c, s, s.sql().deleteRow, new Id(id));
    }
  }
}
