package dev.blobkeep.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's part of the upgrade from schema 2 to 3, run after the dialect added the {@code
 * chunk_map} column, in the same transaction. For every blob it records the chunks that are stored
 * now as its {@link ChunkMap} (a store made before had no way to know of a lost chunk: what is
 * there is taken as the truth), and rewrites every chunk's CRC to the form that also covers blob id
 * and index ({@link Chunks#crc(String, long, byte[])}), from the stored CRC alone, without reading
 * any chunk data. Works a page of blobs at a time, with batched updates, so memory stays bounded.
 */
final class ChunkMapUpgrade {
  private static final int PAGE = 1000;

  private ChunkMapUpgrade() {}

  /** One blob of a page: its size, chunk size and stored chunk indexes and CRCs. */
  private static final class Blob {
    final String id;
    final long size;
    final int chunkSize;
    final List<long[]> chunks = new ArrayList<>();

    Blob(String id, long size, int chunkSize) {
      this.id = id;
      this.size = size;
      this.chunkSize = chunkSize;
    }
  }

  static void run(Connection c, Session s) throws SQLException {
    String after = "00000000-0000-0000-0000-000000000000";
    while (true) {
      List<String> ids = ids(c, s, after);
      if (ids.isEmpty()) {
        return;
      }
      List<Blob> blobs = chunks(c, s, ids.get(0), ids.get(ids.size() - 1));
      rewriteCrcs(c, s, blobs);
      storeMaps(c, s, blobs);
      if (ids.size() < PAGE) {
        return;
      }
      after = ids.get(ids.size() - 1);
    }
  }

  private static List<String> ids(Connection c, Session s, String after) throws SQLException {
    return s.statements()
        .with(
            c,
            s.sql().idsAfter,
            ps -> {
              s.dialect().setId(ps, 1, after);
              ps.setInt(2, PAGE);
              List<String> out = new ArrayList<>();
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(rs.getString(1));
                }
              }
              return out;
            });
  }

  private static List<Blob> chunks(Connection c, Session s, String first, String last)
      throws SQLException {
    return s.statements()
        .with(
            c,
            s.sql().chunksOfRange,
            ps -> {
              s.dialect().setId(ps, 1, first);
              s.dialect().setId(ps, 2, last);
              List<Blob> out = new ArrayList<>();
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  String id = rs.getString(1);
                  Blob blob = out.isEmpty() ? null : out.get(out.size() - 1);
                  if (blob == null || !blob.id.equals(id)) {
                    blob = new Blob(id, rs.getLong(2), rs.getInt(3));
                    out.add(blob);
                  }
                  long idx = rs.getLong(4);
                  if (!rs.wasNull()) {
                    blob.chunks.add(new long[] {idx, rs.getLong(5)});
                  }
                }
              }
              return out;
            });
  }

  private static void rewriteCrcs(Connection c, Session s, List<Blob> blobs) throws SQLException {
    s.statements()
        .with(
            c,
            s.sql().setCrc,
            ps -> {
              for (Blob blob : blobs) {
                for (long[] chunk : blob.chunks) {
                  ps.setLong(1, chunk[1] ^ Chunks.place(blob.id, chunk[0]));
                  s.dialect().setId(ps, 2, blob.id);
                  ps.setLong(3, chunk[0]);
                  ps.addBatch();
                }
              }
              // not Rows.executeBatch: on MariaDB this step's DDL has committed, so it runs
              // outside a transaction, where the check after a batch would always fail
              return ps.executeBatch();
            });
  }

  /** Stores the map of every blob that is not dense (dense is the column's NULL default). */
  private static void storeMaps(Connection c, Session s, List<Blob> blobs) throws SQLException {
    s.statements()
        .with(
            c,
            s.sql().setChunkMap,
            ps -> {
              int n = 0;
              for (Blob blob : blobs) {
                long count = Chunks.count(blob.size, blob.chunkSize);
                ChunkMap map = ChunkMap.empty(count);
                for (long[] chunk : blob.chunks) {
                  if (chunk[0] < count) { // a row past the end stays for verify to report
                    map.set(chunk[0], true);
                  }
                }
                byte[] stored = map.stored();
                if (stored != null) {
                  ps.setBytes(1, stored);
                  s.dialect().setId(ps, 2, blob.id);
                  ps.addBatch();
                  n++;
                }
              }
              return n == 0 ? null : ps.executeBatch();
            });
  }
}
