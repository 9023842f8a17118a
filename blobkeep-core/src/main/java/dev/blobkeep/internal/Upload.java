package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobExistsException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
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

  private final Session session;
  private final PutOptions options;
  private final int chunkSize;
  private final String id = Ids.next();

  Upload(Session session, PutOptions options, int chunkSize) {
    this.session = session;
    this.options = options;
    this.chunkSize = chunkSize;
  }

  /** Stages everything {@code in} returns, then publishes. */
  BlobInfo run(InputStream in) {
    failIfTaken();
    long now = insertPending();
    try {
      MessageDigest sha = Digests.sha256();
      long size = stage(in, sha);
      return publish(size, Digests.hex(sha.digest()), now);
    } catch (RuntimeException | Error e) {
      discard(e);
      throw e;
    }
  }

  /**
   * Publishes a zero-filled blob of {@code size} bytes with no chunks at all: O(1) in time and
   * space. Its SHA-256 is left to be computed when first asked for.
   */
  BlobInfo allocate(long size) {
    failIfTaken();
    long now = insertPending();
    try {
      return publish(size, size == 0 ? Digests.EMPTY_SHA256 : null, now);
    } catch (RuntimeException | Error e) {
      discard(e);
      throw e;
    }
  }

  private long insertPending() {
    long now = System.currentTimeMillis();
    session.write(
        "staging upload " + id,
        c -> {
          Rows.exec(
              c,
              session,
              session.sql().insertBlob,
              new Id(id),
              options.bucket(),
              0L,
              chunkSize,
              null,
              options.contentType(),
              now,
              now,
              Sql.PENDING,
              session.owner(),
              Json.write(options.meta()));
          return null;
        });
    return now;
  }

  private void failIfTaken() {
    if (options.isIfAbsent() && options.key() != null) {
      BlobRow existing =
          session.read(
              "looking up " + options.bucket() + "/" + options.key(),
              c -> Rows.byKey(c, session, options.bucket(), options.key()));
      if (existing != null) {
        throw new BlobExistsException(options.bucket(), options.key(), existing.id());
      }
    }
  }

  private long stage(InputStream in, MessageDigest sha) {
    List<byte[]> batch = new ArrayList<>();
    List<Long> indexes = new ArrayList<>();
    long size = 0;
    long idx = 0;
    int batchBytes = 0;
    while (true) {
      byte[] buf = new byte[chunkSize];
      int n = readFully(in, buf, size);
      if (n == 0) {
        break;
      }
      sha.update(buf, 0, n);
      if (!Chunks.allZero(buf, 0, n)) {
        batch.add(n == chunkSize ? buf : java.util.Arrays.copyOf(buf, n));
        indexes.add(idx);
        batchBytes += n;
      }
      size += n;
      idx++;
      if (size < 0) {
        throw new BlobkeepException("upload " + id + " exceeds 2^63 - 1 bytes");
      }
      if (batchBytes >= BATCH_BYTES) {
        flush(batch, indexes);
        batchBytes = 0;
      }
      if (n < chunkSize) {
        break;
      }
    }
    flush(batch, indexes);
    return size;
  }

  private int readFully(InputStream in, byte[] buf, long offset) {
    int n = 0;
    try {
      while (n < buf.length) {
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          break;
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
    return n;
  }

  private void flush(List<byte[]> batch, List<Long> indexes) {
    if (batch.isEmpty()) {
      return;
    }
    session.write(
        "staging chunks of upload " + id,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(session.sql().insertChunk)) {
            for (int i = 0; i < batch.size(); i++) {
              byte[] data = batch.get(i);
              session.dialect().setId(ps, 1, id);
              ps.setLong(2, indexes.get(i));
              ps.setBytes(3, data);
              ps.setLong(4, Chunks.crc(data, 0, data.length));
              ps.addBatch();
            }
            ps.executeBatch();
          }
          stillPending(c);
          return null;
        });
    batch.clear();
    indexes.clear();
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
    BlobRow row =
        session.write(
            "publishing upload " + id,
            c -> {
              stillPending(c);
              replaced[0] = null;
              if (options.key() != null) {
                BlobRow old = Rows.byKey(c, session, options.bucket(), options.key());
                if (old != null) {
                  if (options.isIfAbsent()) {
                    throw new BlobExistsException(options.bucket(), options.key(), old.id());
                  }
                  // Retire the old blob first: the unique (bucket, key) index sees one at a time.
                  Rows.exec(
                      c,
                      session,
                      session.sql().retire,
                      Sql.REPLACED,
                      System.currentTimeMillis(),
                      new Id(old.id()));
                  replaced[0] = old.id();
                }
              }
              Rows.exec(
                  c,
                  session,
                  session.sql().publish,
                  options.key(),
                  size,
                  sha256,
                  created,
                  System.currentTimeMillis(),
                  new Id(id));
              return Rows.byId(c, session, id);
            });
    if (replaced[0] != null) {
      Purge.blob(session, replaced[0]);
    }
    return row.info();
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
