package dev.blobkeep.internal;

import static dev.blobkeep.internal.Rows.Id;

import dev.blobkeep.BlobCorruptException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StagedBlobNotFoundException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes staged blobs, in order, the content of one new blob, in one short transaction that also
 * consumes them. When every part but the last holds a whole number of chunks of one chunk size,
 * their chunk rows are re-keyed to the new blob, not copied: a row's CRC covers its data XOR its
 * place ({@link Chunks#crc(String, long, byte[])}), so the place is swapped in the CRC without
 * reading the data, and stored as the dialect picks ({@link dev.blobkeep.spi.Dialect#rekeyedCrc})
 * so that SQLite can update the row in place. Otherwise the parts' bytes are first copied into one
 * new staged blob, in short transactions, which is then re-keyed the same way while the parts are
 * consumed. A crash leaves either the parts or the new blob, never both and never neither; a staged
 * copy left by a crash is removed by gc when it expires.
 */
final class Compose {
  private final Session session;
  private final int chunkSize;
  private final List<String> ids;
  private final PutOptions target;
  private final String targetName;

  private Compose(Session session, int chunkSize, List<BlobRef> parts, PutOptions target) {
    this.session = session;
    this.chunkSize = chunkSize;
    this.target = target;
    this.targetName = target.key() == null ? target.bucket() : target.bucket() + "/" + target.key();
    if (parts.isEmpty()) {
      throw new InvalidArgumentException("compose into " + targetName + " needs at least one part");
    }
    ids = new ArrayList<>(parts.size());
    Map<String, Integer> seen = new HashMap<>();
    for (BlobRef ref : parts) {
      if (ref == null || !ref.isId()) {
        throw new InvalidArgumentException(
            "compose parts are named by id, got " + (ref == null ? "null" : ref.describe()));
      }
      Integer earlier = seen.putIfAbsent(ref.id(), ids.size() + 1);
      if (earlier != null) {
        throw new InvalidArgumentException(
            "compose into "
                + targetName
                + " names staged blob "
                + ref.id()
                + " twice (parts "
                + earlier
                + " and "
                + (ids.size() + 1)
                + ")");
      }
      ids.add(ref.id());
    }
  }

  /** Composes {@code parts} into the blob {@code target} describes. */
  static BlobInfo run(Session session, int chunkSize, List<BlobRef> parts, PutOptions target) {
    return new Compose(session, chunkSize, parts, target).run();
  }

  private BlobInfo run() {
    Upload made = new Upload(session, target, chunkSize);
    made.failIfTaken(); // early, before any copy; checked again where it counts
    List<BlobRow> rows = session.read("reading the parts of a compose", this::parts);
    // Empty parts add nothing (S3's Complete passes its upload's record as one): the content is
    // that of the parts holding bytes, or of the last part if none does. Every part is consumed.
    List<BlobRow> content = rows.stream().filter(r -> r.size() > 0).toList();
    if (content.isEmpty()) {
      content = List.of(rows.get(rows.size() - 1));
    }
    if (aligned(content)) {
      return rekey(made, content, content.size() == 1 ? content.get(0) : null);
    }
    PutOptions copyOptions = PutOptions.in(target.bucket());
    if (target.isComputeMd5()) {
      copyOptions = copyOptions.computeMd5();
    }
    BlobInfo copy =
        new Upload(session, copyOptions, chunkSize, Sql.STAGED)
            .run(new StagedContent(session, content));
    try {
      BlobRow copied =
          session.read("reading staged copy " + copy.id(), c -> Rows.byId(c, session, copy.id()));
      return rekey(made, List.of(copied), copied);
    } catch (RuntimeException e) {
      try {
        Staging.abort(session, copy.id());
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup); // the copy is left staged, for gc when it expires
      }
      throw e;
    }
  }

  /** Every part's row, which must be staged. */
  private List<BlobRow> parts(Connection c) throws SQLException {
    List<BlobRow> rows = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      rows.add(staged(c, i));
    }
    return rows;
  }

  private BlobRow staged(Connection c, int i) throws SQLException {
    BlobRow row = Rows.byId(c, session, ids.get(i));
    if (row == null || !Sql.STAGED.equals(row.state())) {
      throw new StagedBlobNotFoundException(ids.get(i), i + 1, ids.size(), targetName);
    }
    return row;
  }

  /** True if the chunk rows can be re-keyed: one chunk size, whole chunks in all but the last. */
  private static boolean aligned(List<BlobRow> rows) {
    int size = rows.get(0).chunkSize();
    for (int i = 0; i < rows.size(); i++) {
      BlobRow r = rows.get(i);
      if (r.chunkSize() != size || (i < rows.size() - 1 && r.size() % size != 0)) {
        return false;
      }
    }
    return true;
  }

  /**
   * In one transaction: checks the parts are still staged, retires the blob under the target key
   * (honouring ifAbsent and ifMatch), moves the chunk rows of {@code moved} to the new blob,
   * inserts its row and removes the rows of the parts and of {@code moved}.
   *
   * @param digests the part whose SHA-256 and MD5 the new blob keeps, or null for none
   */
  private BlobInfo rekey(Upload made, List<BlobRow> moved, BlobRow digests) {
    String id = made.id();
    int size = moved.get(0).chunkSize();
    String[] replaced = new String[1];
    BlobRow row =
        session.write(
            "composing " + ids.size() + " staged blobs into " + targetName,
            c -> {
              parts(c); // still staged: not aborted, collected or composed meanwhile
              for (BlobRow part : moved) {
                if (!ids.contains(part.id())) {
                  stillStaged(c, part.id());
                }
              }
              replaced[0] = made.retireHolder(c);
              BucketRows.ensure(c, session, target.bucket());
              long total = 0;
              for (BlobRow part : moved) {
                total += part.size();
              }
              ChunkMap map = ChunkMap.empty(Chunks.count(total, size));
              long offset = 0;
              for (BlobRow part : moved) {
                move(c, part, id, offset, map);
                offset += part.chunkCount();
              }
              long now = System.currentTimeMillis();
              String md5 = digests == null ? null : digests.md5();
              BlobRow made0 =
                  new BlobRow(
                      id,
                      target.bucket(),
                      target.key(),
                      total,
                      size,
                      digests == null ? null : digests.sha256(),
                      target.contentType(),
                      now,
                      now,
                      Sql.READY,
                      // a stale SHA-256 starts at version 1, as an allocated blob's does, so that
                      // its entity tag stays put when verify recomputes it
                      digests == null || digests.sha256() == null ? 1 : 0,
                      Json.write(target.meta()),
                      md5,
                      target.etag() != null ? target.etag() : md5);
              Rows.exec(
                  c,
                  session,
                  session.sql().insertBlob,
                  Rows.insertParameters(made0, null, map.stored(), null));
              List<String> gone = new ArrayList<>(ids);
              for (BlobRow part : moved) {
                if (!gone.contains(part.id())) {
                  gone.add(part.id());
                }
              }
              for (String part : gone) {
                remove(c, part);
              }
              return Rows.byId(c, session, id);
            });
    if (replaced[0] != null) {
      Purge.afterCommit(session, replaced[0]);
    }
    return row.info();
  }

  private void stillStaged(Connection c, String id) throws SQLException {
    BlobRow row = Rows.byId(c, session, id);
    if (row == null || !Sql.STAGED.equals(row.state())) {
      throw new BlobkeepException(
          "staged copy " + id + " for a compose into " + targetName + " was removed meanwhile");
    }
  }

  /**
   * Moves the chunk rows of {@code part} to blob {@code to}, {@code offset} chunks on, with their
   * CRCs moved to the new place, and copies the part's chunk map into {@code map}. A small part's
   * content kept in its row ({@link Chunks#inline}) is first spilled into a chunk row of its own,
   * at index 0; other parts' rows start at {@link Chunks#STAGED_BASE} (a small part staged under
   * schema 4 kept its chunk as a row, which the upgrade to 6 moved there too). A row of the part
   * below that index fails the compose: it can only be one that a process of an older version
   * staged (schema 5 put chunk {@code i} at index {@code i}), which this code would misplace. The
   * rows move by one batch or, where a batch hit by a conflict may be applied in part ({@link
   * dev.blobkeep.spi.Dialect#batchesMayApplyInPart}), by statements of up to {@link
   * #STATEMENT_ROWS} rows.
   *
   * @throws BlobCorruptException naming the part and the row, leaving everything as it was
   */
  private void move(Connection c, BlobRow part, String to, long offset, ChunkMap map)
      throws SQLException {
    boolean spilled =
        Chunks.inline(part.size(), part.chunkSize()) && Rows.spillInline(c, session, part.id());
    long first = spilled ? 0 : Chunks.STAGED_BASE;
    List<long[]> rows =
        session
            .statements()
            .with(
                c,
                "SELECT idx, crc FROM " + session.sql().chunks + " WHERE blob_id = ? ORDER BY idx",
                ps -> {
                  session.dialect().setId(ps, 1, part.id());
                  List<long[]> out = new ArrayList<>();
                  try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                      out.add(new long[] {rs.getLong(1), rs.getLong(2)});
                    }
                  }
                  return out;
                });
    long count = part.chunkCount();
    ChunkMap stored = ChunkMap.of(chunkMap(c, part.id()), count);
    for (long i = 0; i < count; i++) {
      if (stored.has(i)) {
        map.set(offset + i, true); // as the part's map says: a lost row stays a lost row
      }
    }
    // {idx, at, stored CRC} of every row moved
    List<long[]> moves = new ArrayList<>(rows.size());
    for (long[] r : rows) {
      long idx = r[0];
      if (idx < first) {
        throw new BlobCorruptException(
            "staged blob "
                + part.id()
                + " has a chunk row at index "
                + idx
                + ", below "
                + first
                + " where its chunks start (staged by an older blobkeep still running on"
                + " this store?); compose into "
                + targetName
                + " refused, nothing changed");
      }
      if (idx - first >= count) {
        continue; // a stray row past the end stays, and goes with the part's row
      }
      long at = offset + idx - first;
      long crc = Chunks.stored(r[1]) ^ Chunks.place(part.id(), idx) ^ Chunks.place(to, at);
      moves.add(new long[] {idx, at, session.dialect().rekeyedCrc(r[1], idx, at, crc)});
    }
    if (moves.isEmpty()) {
      return;
    }
    if (session.dialect().batchesMayApplyInPart()) {
      for (int from = 0; from < moves.size(); from += STATEMENT_ROWS) {
        moveByStatement(
            c,
            part.id(),
            to,
            offset - first,
            moves.subList(from, Math.min(moves.size(), from + STATEMENT_ROWS)));
      }
      return;
    }
    session
        .statements()
        .with(
            c,
            "UPDATE "
                + session.sql().chunks
                + " SET blob_id = ?, idx = ?, crc = ? WHERE blob_id = ? AND idx = ?",
            ps ->
                Rows.executeBatch(
                    c,
                    session,
                    ps,
                    moves.size(),
                    (row, i) -> {
                      long[] m = moves.get(i);
                      session.dialect().setId(row, 1, to);
                      row.setLong(2, m[1]);
                      row.setLong(3, m[2]);
                      session.dialect().setId(row, 4, part.id());
                      row.setLong(5, m[0]);
                    }));
  }

  /** The most rows {@link #moveByStatement} moves in one statement (two parameters each). */
  static final int STATEMENT_ROWS = 500;

  /**
   * Moves {@code moves}, consecutive rows of {@code part} in index order, to blob {@code to},
   * {@code shift} indexes on, in one statement, which a conflict applies whole or not at all (where
   * a batch may be applied in part: {@link dev.blobkeep.spi.Dialect#batchesMayApplyInPart}). A row
   * of the part in the range that is not in {@code moves} would get no CRC and fail the statement
   * (the column is NOT NULL); the statement must change exactly the rows given, or the transaction
   * fails with a conflict (SQLSTATE 40001) and runs again.
   */
  private void moveByStatement(Connection c, String part, String to, long shift, List<long[]> moves)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("UPDATE ").append(session.sql().chunks).append(" SET crc = CASE idx");
    for (int i = 0; i < moves.size(); i++) {
      sql.append(" WHEN ? THEN ?");
    }
    // crc first: MariaDB assigns left to right, a later expression seeing the new idx
    sql.append(" END, blob_id = ?, idx = idx + ? WHERE blob_id = ? AND idx >= ? AND idx <= ?");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int p = 1;
      for (long[] m : moves) {
        ps.setLong(p++, m[0]);
        ps.setLong(p++, m[2]);
      }
      session.dialect().setId(ps, p++, to);
      ps.setLong(p++, shift);
      session.dialect().setId(ps, p++, part);
      ps.setLong(p++, moves.get(0)[0]);
      ps.setLong(p, moves.get(moves.size() - 1)[0]);
      int changed = ps.executeUpdate();
      if (changed != moves.size()) {
        throw Rows.rolledBackConflict(
            c,
            "re-keying "
                + moves.size()
                + " chunk rows of staged blob "
                + part
                + " to "
                + to
                + " changed "
                + changed);
      }
    }
  }

  private byte[] chunkMap(Connection c, String id) throws SQLException {
    return session
        .statements()
        .with(
            c,
            session.sql().mapById,
            ps -> {
              session.dialect().setId(ps, 1, id);
              try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
              }
            });
  }

  /** Removes a consumed part: what is left of its chunks (nothing, normally) and its row. */
  private void remove(Connection c, String id) throws SQLException {
    Rows.exec(c, session, "DELETE FROM " + session.sql().chunks + " WHERE blob_id = ?", new Id(id));
    Rows.exec(c, session, session.sql().deleteRow, new Id(id));
  }
}
