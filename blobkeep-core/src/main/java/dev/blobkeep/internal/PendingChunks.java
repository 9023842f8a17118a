package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.StoreException;
import dev.blobkeep.internal.UploadContent.Batch;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The chunks an upload commits under its {@code pending} row before it publishes: a batch per short
 * transaction, each refreshing the row's heartbeat so the garbage collector leaves it alone, and
 * counted so that the publish can check that every one is still there. The first batch goes in with
 * the pending row and the last with the publish ({@link Upload}), through {@link #insert} and
 * {@link #committed}.
 */
final class PendingChunks {
  private final Session session;
  private final String id;

  /** The index of the upload's chunk 0 in the chunks table: {@link Chunks#STAGED_BASE} or 0. */
  private final long base;

  /**
   * Chunks committed by {@link #flush} or counted by {@link #committed}, all of which the publish
   * must find.
   */
  private long staged;

  /**
   * The pending chunks of upload {@code id}, its chunk {@code i} stored at index {@code base + i}.
   */
  PendingChunks(Session session, String id, long base) {
    this.session = session;
    this.id = id;
    this.base = base;
  }

  /**
   * Commits the batch's chunks in a staging transaction of their own ({@link Session#writeStaging})
   * that also refreshes the pending row's heartbeat; confirms first that this store still counts as
   * the upload's live owner.
   */
  void flush(Batch batch) {
    if (batch.chunks.isEmpty()) {
      return;
    }
    session.dialect().owners().confirm(session.owner());
    session.writeStaging(
        "staging chunks of upload " + id,
        c -> {
          insert(c, batch);
          stillPending(c);
          return null;
        });
    committed(batch);
  }

  /**
   * Counts the chunks of {@code batch}, inserted ({@link #insert}) in a transaction now committed.
   */
  void committed(Batch batch) {
    staged += batch.chunks.size();
  }

  /**
   * Fails, publishing nothing, unless every staged chunk is there, and those of {@code inserted},
   * which the caller's transaction inserted. A staging commit is not waited for (see {@link
   * dev.blobkeep.spi.Dialect#beginStaging}): on one server the publishing commit makes it durable,
   * but after a failover the publish runs on another server, which may never have received the last
   * staged batches.
   */
  void allStaged(Connection c, Batch inserted) throws SQLException {
    long expected = expected(inserted);
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
    if (found != expected) {
      throw new StoreException(
          "upload "
              + id
              + " found "
              + found
              + " of its "
              + expected
              + " staged chunks at publish (the database lost commits, e.g. in a failover);"
              + " nothing was published");
    }
  }

  /** The chunk rows the upload must have: those staged, and those of {@code inserted}. */
  long expected(Batch inserted) {
    return staged + inserted.chunks.size();
  }

  /** Inserts the batch's chunks in the caller's transaction. */
  void insert(Connection c, Batch batch) throws SQLException {
    if (batch.chunks.isEmpty()) {
      return;
    }
    session
        .statements()
        .with(
            c,
            session.sql().insertChunk,
            ps ->
                Rows.executeBatch(
                    c,
                    session,
                    ps,
                    batch.chunks.size(),
                    (row, i) -> {
                      byte[] data = batch.chunks.get(i);
                      long idx = base + batch.indexes.get(i);
                      session.dialect().setId(row, 1, id);
                      row.setLong(2, idx);
                      row.setBytes(3, data);
                      row.setLong(4, Chunks.crc(id, idx, data));
                    }));
  }

  /** Refreshes the heartbeat; fails if the garbage collector took the pending row. */
  void stillPending(Connection c) throws SQLException {
    if (Rows.update(c, session, session.sql().heartbeat, System.currentTimeMillis(), new Id(id))
        != 1) {
      throw new StoreException(
          "upload " + id + " was removed while in progress (its store was closed or collected)");
    }
  }
}
