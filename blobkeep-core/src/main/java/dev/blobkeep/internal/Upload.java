package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobExistsException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PreconditionFailedException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams one new blob into the store. The bytes are staged as chunks under a {@code pending} row
 * that no reader sees, committed a few MiB at a time so that no transaction is long, and published
 * in one short final transaction that also retires the blob it replaces. A failure, or a crash,
 * leaves only the pending row, which {@link #discard} or the garbage collector removes.
 */
final class Upload {
  /** Bytes staged per transaction: large enough to amortize a commit, small enough not to block. */
  static final int BATCH_BYTES = 4 * 1024 * 1024;

  /** Smallest first read buffer, for streams that do not know how much they hold. */
  private static final int MIN_BUFFER = 8 * 1024;

  private final Session session;
  private final PutOptions options;
  private final int chunkSize;
  private final String id;

  /** The copied blob whose id, times and version this upload publishes, or null. */
  private final BlobInfo kept;

  /** Chunks committed by {@link #flush}, all of which the publish must find. */
  private long staged;

  /** Whether a whole chunk was read: later ones then get a whole chunk's buffer at once. */
  private boolean filledOne;

  /** Which chunks read so far are stored (all-zero ones are not), written at publish. */
  private final ChunkMap map = ChunkMap.of(null, 0);

  /** The content's MD5 as it is read, with {@link PutOptions#computeMd5()}; else null. */
  private MessageDigest md5;

  /** {@link #md5} once the content is all read. */
  private String md5Hex;

  /** The state the blob is published in: {@link Sql#READY}, or {@link Sql#STAGED} for a stage. */
  private final String published;

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
  }

  /**
   * Stores everything {@code in} returns. Content that fits in one batch is written and published
   * in a single transaction; larger content is staged batch by batch, then published.
   */
  BlobInfo run(InputStream in) {
    failIfTaken();
    if (md5 != null) {
      in = new DigestInputStream(in, md5);
    }
    MessageDigest sha = Digests.sha256();
    Batch first = new Batch();
    boolean more = first.fill(in, sha, 0);
    if (!more) {
      return publishSmall(first, Digests.hex(sha.digest()), 0);
    }
    long now = insertPending();
    try {
      flush(first);
      long size = first.size;
      Batch batch = first;
      while (more) {
        batch = new Batch();
        more = batch.fill(in, sha, size);
        flush(batch);
        size = batch.size;
      }
      return publish(size, Digests.hex(sha.digest()), now);
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
      Object[] both = Arrays.copyOf(row, row.length + 4);
      both[row.length] = new Id(id);
      both[row.length + 1] = batch.indexes.get(0);
      both[row.length + 2] = data;
      both[row.length + 3] = Chunks.crc(id, batch.indexes.get(0), data);
      insertOnce(action, sql.insertReadyWithChunk, both);
    } else {
      String replaced = null;
      try {
        replaced =
            session.write(
                action,
                c -> {
                  String old = retireHolder(c);
                  Rows.exec(c, session, sql.insertBlob, row);
                  insertChunks(c, batch);
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

  private long insertPending() {
    long now = System.currentTimeMillis();
    session.write(
        "staging upload " + id,
        c -> {
          insertPendingRow(c, now);
          return null;
        });
    return now;
  }

  private void insertPendingRow(Connection c, long now) throws SQLException {
    BlobRow pending = newRow(null, 0, null, now, Sql.PENDING, 0);
    Rows.exec(
        c,
        session,
        session.sql().insertBlob,
        Rows.insertParameters(pending, session.owner(), null, null));
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

  /**
   * Fails early, before any content is read, if the put's condition does not hold now; {@link
   * #retireHolder} checks it again where it counts, in the publishing transaction.
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

  /** Up to {@link #BATCH_BYTES} of content, as the chunks that are not all zeros. */
  private final class Batch {
    final List<byte[]> chunks = new ArrayList<>();
    final List<Long> indexes = new ArrayList<>();

    /** Content bytes up to the end of this batch. */
    long size;

    /**
     * Reads chunks from {@code in} until the batch is full or the stream ends.
     *
     * @param offset content bytes before this batch
     * @return true if more content may follow
     */
    boolean fill(InputStream in, MessageDigest sha, long offset) {
      size = offset;
      int bytes = 0;
      while (bytes < BATCH_BYTES) {
        byte[] buf = nextChunk(in, size);
        int n = buf.length;
        if (n == 0) {
          return false;
        }
        sha.update(buf, 0, n);
        boolean stored = !Chunks.allZero(buf, 0, n);
        if (stored) {
          chunks.add(buf);
          indexes.add(size / chunkSize);
        }
        map.append(stored);
        size += n;
        bytes += n;
        if (size < 0) {
          throw new BlobkeepException("upload " + id + " exceeds 2^63 - 1 bytes");
        }
        if (n < chunkSize) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The next chunk of content: an array of exactly the bytes read, {@code chunkSize} long unless
   * the stream ended. Until a whole chunk was read, the buffer is sized from {@link
   * InputStream#available()} (exact for arrays and files) and grown as needed, so 10 KB of content
   * does not cost a whole chunk's allocation and a copy.
   */
  private byte[] nextChunk(InputStream in, long offset) {
    int n = 0;
    try {
      int guess = filledOne ? chunkSize : Math.max(MIN_BUFFER, in.available());
      byte[] buf = new byte[Math.min(chunkSize, guess)];
      while (true) {
        if (n == buf.length) {
          if (n == chunkSize) {
            filledOne = true;
            return buf;
          }
          int b = in.read();
          if (b < 0) {
            return buf;
          }
          buf = Arrays.copyOf(buf, (int) Math.min(chunkSize, 4L * buf.length));
          buf[n++] = (byte) b;
        }
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          return n == buf.length ? buf : Arrays.copyOf(buf, n);
        }
        n += r;
      }
    } catch (IOException e) {
      throw new StoreException(
          "reading the content for upload "
              + id
              + " failed at byte "
              + (offset + n)
              + ": "
              + e.getMessage()
              + "; nothing was stored",
          e);
    }
  }

  private void flush(Batch batch) {
    if (batch.chunks.isEmpty()) {
      return;
    }
    session.dialect().owners().confirm(session.owner());
    session.writeStaging(
        "staging chunks of upload " + id,
        c -> {
          insertChunks(c, batch);
          stillPending(c);
          return null;
        });
    staged += batch.chunks.size();
  }

  /**
   * Fails, publishing nothing, unless every staged chunk is there. A staging commit is not waited
   * for (see {@link dev.blobkeep.spi.Dialect#beginStaging}): on one server the publishing commit
   * makes it durable, but after a failover the publish runs on another server, which may never have
   * received the last staged batches.
   */
  private void allStaged(Connection c) throws SQLException {
    long found =
        session
            .statements()
            .with(
                c,
                "SELECT count(*) FROM " + session.dialect().chunksTable() + " WHERE blob_id = ?",
                ps -> {
                  session.dialect().setId(ps, 1, id);
                  try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                  }
                });
    if (found != staged) {
      throw new StoreException(
          "upload "
              + id
              + " found "
              + found
              + " of its "
              + staged
              + " staged chunks at publish (the database lost commits, e.g. in a failover);"
              + " nothing was published");
    }
  }

  private void insertChunks(Connection c, Batch batch) throws SQLException {
    if (batch.chunks.isEmpty()) {
      return;
    }
    session
        .statements()
        .with(
            c,
            session.sql().insertChunk,
            ps -> {
              for (int i = 0; i < batch.chunks.size(); i++) {
                byte[] data = batch.chunks.get(i);
                long idx = batch.indexes.get(i);
                session.dialect().setId(ps, 1, id);
                ps.setLong(2, idx);
                ps.setBytes(3, data);
                ps.setLong(4, Chunks.crc(id, idx, data));
                ps.addBatch();
              }
              return ps.executeBatch();
            });
  }

  /** Refreshes the heartbeat; fails if the garbage collector took the pending row. */
  private void stillPending(Connection c) throws SQLException {
    if (Rows.update(c, session, session.sql().heartbeat, System.currentTimeMillis(), new Id(id))
        != 1) {
      throw new StoreException(
          "upload " + id + " was removed while in progress (its store was closed or collected)");
    }
  }

  private BlobInfo publish(long size, String sha256, long created) {
    String[] replaced = new String[1];
    session.dialect().owners().confirm(session.owner());
    BlobRow row;
    try {
      row =
          session.write(
              "publishing upload " + id,
              c -> {
                stillPending(c);
                allStaged(c);
                replaced[0] = publishRow(c, size, sha256, created);
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
   * Makes the pending row visible under its key, retiring the blob that held the key.
   *
   * @return the id of the retired blob, whose chunks the caller purges, or null
   */
  private String publishRow(Connection c, long size, String sha256, long created)
      throws SQLException {
    String replaced = retireHolder(c);
    Rows.exec(
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
        new Id(id));
    return replaced;
  }

  /**
   * Retires the blob that holds this upload's key, first, since the unique (bucket, key) index sees
   * one at a time; fails instead if the put was only to create, or only to replace a blob with the
   * entity tag of {@link PutOptions#ifMatch(String)}. Retiring is guarded by the version read, so a
   * holder changed in between (by another transaction) is read and checked again.
   *
   * @return the retired blob's id, or null
   */
  String retireHolder(Connection c) throws SQLException {
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

  /** Position of {@code updated} in {@link Rows#insertParameters}. */
  private static final int UPDATED_PARAMETER = 8;

  /**
   * Whether this upload stages a blob on a database with a clock of its own: its {@code updated}
   * time, from which gc measures its age, is then the server's ({@link Sql}), bound as null.
   */
  private boolean stagedOnServerClock() {
    return Sql.STAGED.equals(published) && kept == null && session.dialect().nowMillis() != null;
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
