package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobRef;
import dev.blobkeep.PreconditionFailedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Deletes a visible blob: retires its row in one short transaction, optionally only while its
 * entity tag is still the one given, then purges its chunks after the commit.
 */
final class Delete {
  private Delete() {}

  /**
   * Retires the blob {@code ref} names and purges its chunks.
   *
   * @param ifMatch the entity tag the blob must still have, or null for any
   * @param action what is done, for messages
   * @throws dev.blobkeep.BlobNotFoundException without {@code ifMatch}, if no visible blob matches
   * @throws PreconditionFailedException with {@code ifMatch}, if the blob's tag differs or there is
   *     no such blob
   */
  static void run(Session session, BlobRef ref, String ifMatch, String action) {
    Purge.afterCommit(session, retire(session, ref, ifMatch, action));
  }

  /**
   * Retires the blob {@code ref} names and purges it at once, for a caller that stores another blob
   * under the same id next: a purge that fails fails the call (the blob is retired, no longer
   * visible), where {@link #run} leaves it to gc.
   *
   * @throws dev.blobkeep.BlobNotFoundException if no visible blob matches
   */
  static void purgedNow(Session session, BlobRef ref, String action) {
    Purge.blob(session, retire(session, ref, null, action));
  }

  /** Retires the blob in one short transaction; returns its id. */
  private static String retire(Session session, BlobRef ref, String ifMatch, String action) {
    Objects.requireNonNull(ref, "ref");
    return session.write(
        action,
        c -> {
          // Retiring is guarded by the version read: a blob changed in between is read again.
          while (true) {
            BlobRow row =
                ifMatch == null ? Rows.live(c, session, ref) : liveOrNull(c, session, ref);
            String etag = row == null ? null : row.info().etag();
            if (ifMatch != null && !ifMatch.equals(etag)) {
              throw new PreconditionFailedException(ref.describe(), ifMatch, etag);
            }
            if (Rows.update(
                    c,
                    session,
                    session.sql().retire,
                    Sql.DELETED,
                    System.currentTimeMillis(),
                    new Id(row.id()),
                    row.version())
                == 1) {
              return row.id();
            }
          }
        });
  }

  /** The visible blob {@code ref} names, or null. */
  private static BlobRow liveOrNull(Connection c, Session session, BlobRef ref)
      throws SQLException {
    BlobRow row =
        ref.isId()
            ? Rows.byId(c, session, ref.id())
            : Rows.byKey(c, session, ref.bucket(), ref.key());
    return row != null && row.live() ? row : null;
  }
}
