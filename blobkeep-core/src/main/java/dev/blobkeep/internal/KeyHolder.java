package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobExistsException;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PreconditionFailedException;
import dev.blobkeep.PutOptions;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The blob that holds the key a new blob is published under, and the put's conditions on it ({@link
 * PutOptions#ifAbsent()}, {@link PutOptions#ifMatch(String)}): checked early, before any content is
 * read, and again where it counts, as the holder is retired in the publishing transaction.
 */
final class KeyHolder {
  private final Session session;
  private final PutOptions options;

  KeyHolder(Session session, PutOptions options) {
    this.session = session;
    this.options = options;
  }

  /**
   * Fails early, before any content is read, if the put's condition does not hold now; {@link
   * #retire} checks it again where it counts, in the publishing transaction.
   */
  void failIfTaken() {
    if (options.ifMatch() != null && options.key() == null) {
      throw new InvalidArgumentException(
          "ifMatch " + options.ifMatch() + " needs a key to name the blob it replaces");
    }
    if ((options.isIfAbsent() || options.ifMatch() != null) && options.key() != null) {
      BlobRow existing =
          session.read(
              "looking up " + options.bucket() + "/" + options.key(),
              c -> Rows.byKey(c, session, options.bucket(), options.key()));
      checkCondition(existing);
    }
  }

  /** Fails, changing nothing, unless the blob under the key (or null) is the one to replace. */
  private void checkCondition(BlobRow holder) {
    if (holder != null && options.isIfAbsent()) {
      throw new BlobExistsException(options.bucket(), options.key(), holder.id());
    }
    String etag = holder == null ? null : holder.info().etag();
    if (options.ifMatch() != null && !options.ifMatch().equals(etag)) {
      throw new PreconditionFailedException(
          options.bucket() + "/" + options.key(), options.ifMatch(), etag);
    }
  }

  /**
   * Retires the blob that holds the key, first, since the unique (bucket, key) index sees one at a
   * time; fails instead if the put was only to create, or only to replace a blob with the entity
   * tag of {@link PutOptions#ifMatch(String)}. Retiring is guarded by the version read, so a holder
   * changed in between (by another transaction) is read and checked again.
   *
   * @return the retired blob's id, or null
   */
  String retire(Connection c) throws SQLException {
    if (options.key() == null) {
      return null;
    }
    while (true) {
      BlobRow old = Rows.byKey(c, session, options.bucket(), options.key());
      checkCondition(old);
      if (old == null) {
        return null;
      }
      if (Rows.update(
              c,
              session,
              session.sql().retire,
              Sql.REPLACED,
              System.currentTimeMillis(),
              new Id(old.id()),
              old.version())
          == 1) {
        return old.id();
      }
    }
  }
}
