package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.internal.UploadContent.Batch;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Streams one new blob into the store. The bytes are staged as chunks under a {@code pending} row
 * that no reader sees, committed a batch (4 MiB) at a time so that no transaction is long: the
 * first batch with the pending row, the last in the final transaction that publishes the row and
 * retires the blob it replaces. A failure, or a crash, leaves only the pending row, which {@link
 * #discard} or the garbage collector removes.
 */
final class Upload {
  private final Session session;
  private final PutOptions options;
  private final int chunkSize;
  private final String id;

  /** The copied blob whose id, times and version this upload publishes, or null. */
  private final BlobInfo kept;

  /** Which chunks read so far are stored (all-zero ones are not), written at publish. */
  private final ChunkMap map = ChunkMap.of(null, 0);

  /** The content's MD5 as it is read, with {@link PutOptions#computeMd5()}; else null. */
  private MessageDigest md5;

  /** {@link #md5} once the content is all read. */
  private String md5Hex;

  /** The state the blob is published in: {@link Sql#READY}, or {@link Sql#STAGED} for a stage. */
  private final String published;

  /** The blob this upload replaces under its key, and the put's conditions on it. */
  private final KeyHolder holder;

  /** Inserts the chunks; for content past one batch, stages them under the pending row first. */
  private final PendingChunks pending;

  Upload(Session session, PutOptions options, int chunkSize) {
    this(session, options, chunkSize, Sql.READY);
  }

  /** An upload published in state {@code published}; a staged one is stored without its key. */
  Upload(Session session, PutOptions options, int chunkSize, String published) {
    this(session, options, chunkSize, published, null);
  }

  /**
   * An upload of a blob copied from another store, published with the id, times, version, MD5 and
   * kept entity tag of {@code kept} (in the publishing transaction itself), or a new blob if null.
   */
  Upload(Session session, PutOptions options, int chunkSize, String published, BlobInfo kept) {
    this.id = kept == null ? Ids.next() : kept.id();
    this.kept = kept;
    this.session = session;
    this.options = Sql.STAGED.equals(published) ? options.key(null) : options;
    this.chunkSize = options.chunkSize() != 0 ? options.chunkSize() : chunkSize;
    this.published = published;
    this.md5 = options.isComputeMd5() ? Digests.md5() : null;
    this.holder = new KeyHolder(session, this.options);
    this.pending = new PendingChunks(session, id, chunkBase());
  }

  /**
   * Stores everything {@code in} returns. Content that fits in one batch is written and published
   * in a single transaction; larger content is staged batch by batch, the first batch in the
   * transaction that inserts the pending row and the last in the one that publishes it, so content
   * of two batches takes two transactions.
   */
  BlobInfo run(InputStream in) {
    failIfTaken();
    if (md5 != null) {
      in = new DigestInputStream(in, md5);
    }
    MessageDigest sha = options.isSkipSha256() ? null : Digests.sha256();
    UploadContent content = new UploadContent(in, sha, id, chunkSize, map);
    Batch first = new Batch();
    boolean more = content.fill(first, 0);
    if (!more) {
      return publishSmall(first, hex(sha), version());
    }
    long now = System.currentTimeMillis();
    // before the try: a failure leaves nothing, and one on this id must not discard another
    // upload's rows (a copy keeps its source's id)
    insertPending(now, first);
    // Only after the batch is committed (its arrays are read into again); and never in a bound
    // session, whose transaction the caller commits later: a driver may keep the parameters of an
    // open transaction by reference to replay them (MariaDB Connector/J's transactionReplay).
    boolean recycle = !session.bound();
    if (recycle) {
      content.recycle(first);
    }
    try {
      long size = first.size;
      while (true) {
        Batch batch = new Batch();
        more = content.fill(batch, size);
        size = batch.size;
        if (!more) {
          return publish(size, hex(sha), now, batch);
        }
        pending.flush(batch);
        if (recycle) {
          content.recycle(batch);
        }
      }
    } catch (RuntimeException | Error e) {
      discard(e);
      throw e;
    }
  }

  /**
   * Row and chunks in one transaction: the row is inserted already published (nothing is ever
   * pending), after retiring the blob that held the key. Content small enough ({@link
   * Chunks#inline}) goes inline into the row itself; without a key that is a single statement, as
   * is a row with one chunk where the dialect can insert into two tables at once.
   */
  private BlobInfo publishSmall(Batch batch, String sha256, long version) {
    long now = System.currentTimeMillis();
    BlobRow made = newRow(options.key(), batch.size, sha256, now, published, version);
    boolean inline =
        Chunks.inline(batch.size, chunkSize)
            && batch.chunks.size() == 1
            && batch.indexes.get(0) == 0;
    Object[] row =
        Rows.insertParameters(made, null, map.stored(), inline ? batch.chunks.get(0) : null);
    if (stagedOnServerClock()) {
      row[UPDATED_PARAMETER] = Rows.NullLong.VALUE;
    }
    if (inline) {
      batch.chunks.clear(); // in the row now
      batch.indexes.clear();
    }
    Sql sql = session.sql();
    String action = "storing blob " + id;
    if (options.key() == null && batch.chunks.isEmpty()) {
      insertOnce(action, sql.insertBlob, row);
    } else if (options.key() == null
        && batch.chunks.size() == 1
        && sql.insertReadyWithChunk != null) {
      byte[] data = batch.chunks.get(0);
      long idx = chunkBase() + batch.indexes.get(0);
      Object[] both = Arrays.copyOf(row, row.length + 4);
      both[row.length] = new Id(id);
      both[row.length + 1] = idx;
      both[row.length + 2] = data;
      both[row.length + 3] = Chunks.crc(id, idx, data);
      insertOnce(action, sql.insertReadyWithChunk, both);
    } else {
      String replaced = null;
      try {
        replaced =
            write(
                action,
                c -> {
                  String old = holder.retire(c);
                  Rows.exec(c, session, sql.insertBlob, row);
                  pending.insert(c, batch);
                  return old;
                });
      } catch (BlobkeepException e) {
        landedOrThrow(e); // committed before the connection was lost: the put succeeded
      }
      if (replaced != null) {
        Purge.afterCommit(session, replaced);
      }
    }
    return made.info();
  }

  /**
   * Runs one insert of this upload's published row as a single statement. If it fails, it may still
   * have landed: a connection lost after the server committed is run again on another connection
   * ({@link Session#writeStatement}), and that attempt fails on the row's own id. So a failure is
   * only reported if the row is not there.
   */
  private void insertOnce(String action, String statement, Object[] parameters) {
    try {
      session.writeStatement(action, c -> Rows.update(c, session, statement, parameters));
    } catch (BlobkeepException e) {
      landedOrThrow(e);
    }
  }

  /** This upload's row if it is live (what failed with {@code e} had committed), else throws e. */
  private BlobRow landedOrThrow(BlobkeepException e) {
    BlobRow landed;
    try {
      landed = session.read("checking blob " + id, c -> Rows.byId(c, session, id));
    } catch (BlobkeepException unknown) {
      e.addSuppressed(unknown);
      throw e;
    }
    if (landed == null || !published.equals(landed.state())) {
      throw e;
    }
    return landed;
  }

  /**
   * Publishes a zero-filled blob of {@code size} bytes with no chunks at all and a chunk map that
   * marks none stored: O(1) in time and space. Its SHA-256 is left to be computed when first asked
   * for. It starts at version 1, so its entity tag is made from id and version from the start and
   * does not change when {@code verify} stores a SHA-256.
   */
  BlobInfo allocate(long size) {
    failIfTaken();
    md5 = null; // no content is read, so there is none to digest
    Batch none = new Batch();
    none.size = size;
    map.resize(Chunks.count(size, chunkSize));
    return publishSmall(none, size == 0 ? Digests.EMPTY_SHA256 : null, 1);
  }

  /** Inserts the pending row and the first batch of chunks, in one transaction. */
  private void insertPending(long now, Batch first) {
    write(
        "staging upload " + id,
        c -> {
          insertPendingRow(c, now);
          pending.insert(c, first);
          return null;
        });
    pending.committed(first);
  }

  private void insertPendingRow(Connection c, long now) throws SQLException {
    BlobRow pending = newRow(null, 0, null, now, Sql.PENDING, version());
    Rows.exec(
        c,
        session,
        session.sql().insertBlob,
        Rows.insertParameters(pending, session.owner(), null, null));
  }

  /** The content's SHA-256 in hex, or null (stale) if it was not computed. */
  private static String hex(MessageDigest sha) {
    return sha == null ? null : Digests.hex(sha.digest());
  }

  /** Where this upload's chunk rows start: {@link Chunks#STAGED_BASE} for a stage, else 0. */
  private long chunkBase() {
    return Sql.STAGED.equals(published) ? Chunks.STAGED_BASE : 0;
  }

  /**
   * The version a new blob starts at: 0, whose entity tag is its SHA-256; 1 without a SHA-256
   * ({@link PutOptions#skipSha256()}), so that its entity tag, made from id and version, stays the
   * same when verify computes one.
   */
  private int version() {
    return options.isSkipSha256() ? 1 : 0;
  }

  /** This upload's row as it is first inserted. */
  private BlobRow newRow(
      String key, long size, String sha256, long now, String state, long version) {
    boolean keep = kept != null && !Sql.PENDING.equals(state);
    return new BlobRow(
        id,
        options.bucket(),
        key,
        size,
        chunkSize,
        sha256,
        options.contentType(),
        keep ? kept.created().toEpochMilli() : now,
        keep ? kept.updated().toEpochMilli() : now,
        state,
        kept != null ? kept.version() : version,
        Json.write(options.meta()),
        Sql.PENDING.equals(state) ? null : md5Hex(),
        Sql.PENDING.equals(state) ? null : storedEtag());
  }

  /** The content's MD5 in hex, once all of it was read; null unless asked for. */
  private String md5Hex() {
    if (kept != null) {
      return kept.md5();
    }
    if (md5Hex == null && md5 != null) {
      md5Hex = Digests.hex(md5.digest());
    }
    return md5Hex;
  }

  /** The entity tag kept with the blob: the one given, else the MD5 computed, else null. */
  private String storedEtag() {
    if (kept != null) {
      return kept.storedEtag();
    }
    return options.etag() != null ? options.etag() : md5Hex();
  }

  /** Fails early, before any content is read, if the put's condition does not hold now. */
  void failIfTaken() {
    holder.failIfTaken();
  }

  /**
   * Publishes the pending row, in the transaction that writes the content's last batch of chunks.
   */
  private BlobInfo publish(long size, String sha256, long created, Batch last) {
    String[] replaced = new String[1];
    session.dialect().owners().confirm(session.owner());
    BlobRow row;
    try {
      row =
          write(
              "publishing upload " + id,
              c -> {
                pending.stillPending(c);
                pending.insert(c, last); // before the count, which includes it
                pending.allStaged(c, last);
                replaced[0] = publishRow(c, size, sha256, created, pending.expected(last));
                return Rows.byId(c, session, id);
              });
    } catch (BlobkeepException e) {
      // The connection may have been lost after COMMIT was sent (a failover): look, don't guess.
      // A replaced blob left unpurged is retired, and gc removes it.
      row = landedOrThrow(e);
    }
    if (replaced[0] != null) {
      Purge.afterCommit(session, replaced[0]);
    }
    return row.info();
  }

  /**
   * Makes the pending row visible under its key, retiring the blob that held the key. The statement
   * itself publishes only a row still pending with all its {@code chunks} chunk rows there: a
   * Galera node may roll the transaction back under a replicated write without reporting it to the
   * statement that was running (MariaDB 10.11.19; see {@code MariadbDialect.afterBatch}), and the
   * statements after it then ran on their own (in auto-commit mode; the dialect now runs them in a
   * new transaction, failed just before COMMIT by its missing savepoint), so a check made earlier
   * in the transaction (the count of {@link PendingChunks#allStaged}) did not protect the publish.
   * If it changes no row, the transaction fails as a conflict and runs again from the heartbeat.
   * The savepoint does not cover the store's work inside a caller's transaction, where this guard
   * still does; {@code allStaged} stays for its message when rows were really lost.
   *
   * @return the id of the retired blob, whose chunks the caller purges, or null
   */
  private String publishRow(Connection c, long size, String sha256, long created, long chunks)
      throws SQLException {
    String replaced = holder.retire(c);
    int changed =
        Rows.update(
            c,
            session,
            Sql.STAGED.equals(published) ? session.sql().publishStaged : session.sql().publish,
            options.key(),
            size,
            sha256,
            kept != null ? kept.created().toEpochMilli() : created,
            kept != null
                ? kept.updated().toEpochMilli()
                : stagedOnServerClock() ? Rows.NullLong.VALUE : System.currentTimeMillis(),
            Rows.NullBytes.or(map.stored()),
            md5Hex(),
            storedEtag(),
            new Id(id),
            new Id(id),
            chunks);
    if (changed != 1) {
      throw Rows.rolledBackConflict(
          c,
          "publishing upload "
              + id
              + " changed no row: it is no longer pending, or not all its "
              + chunks
              + " chunk rows are there (a transaction rolled back without a word)");
    }
    return replaced;
  }

  /**
   * Retires the blob that holds this upload's key, in the publishing transaction ({@link
   * KeyHolder#retire}).
   *
   * @return the retired blob's id, or null
   */
  String retireHolder(Connection c) throws SQLException {
    return holder.retire(c);
  }

  /** Position of {@code updated} in {@link Rows#insertParameters}. */
  private static final int UPDATED_PARAMETER = 8;

  /**
   * Whether this upload stages a blob on a database with a clock of its own: its {@code updated}
   * time, from which gc measures its age, is then the server's ({@link Sql}), bound as null.
   */
  private boolean stagedOnServerClock() {
    return Sql.STAGED.equals(published) && kept == null && session.dialect().nowMillis() != null;
  }

  /**
   * Runs one transaction of this upload. A staged blob's are staging transactions ({@link
   * Session#writeStaging}) that do not wait for the disk: only a later durable commit (the {@link
   * Compose} that consumes it) makes a staged blob part of a visible one, and that commit makes
   * them durable with it. Until then an operating-system crash or a power cut (on PostgreSQL, any
   * crash of the PostgreSQL server too) may lose the staged blob, whole: the log is recovered in
   * commit order, so never its row without its chunks. (A staged blob without chunks, or of one
   * chunk where the dialect inserts blob and chunk in one statement, is one auto-commit statement,
   * durable by itself.)
   */
  private <T> T write(String action, SqlWork<T> work) {
    return Sql.STAGED.equals(published)
        ? session.writeStaging(action, work)
        : session.write(action, work);
  }

  /** Removes what was staged; a failure here is attached to {@code cause} and left to gc. */
  private void discard(Throwable cause) {
    try {
      Purge.blob(session, id);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  String id() {
    return id;
  }
}
