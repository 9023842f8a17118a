package dev.blobkeep.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's part of the upgrade from schema 5 to 6, in the step's transaction: the chunk rows of
 * every staged blob move from index {@code i} to {@code Chunks.STAGED_BASE + i}, where a staged
 * blob keeps them from version 6 on, with their CRCs moved to the new place from the stored CRC
 * alone. Staged blobs are uploads not yet composed; each is moved highest index first, so that no
 * row lands on one not moved yet. On SQLite a row whose stored size changes is written again whole
 * (an index of 0-127 takes fewer bytes than one of 128-255; {@link
 * dev.blobkeep.spi.Dialect#rekeyedCrc} keeps the size where it can), so the step may write the
 * staged blobs' content once more.
 */
final class StagedRowsUpgrade {
  private StagedRowsUpgrade() {}

  static void run(Connection c, Session s) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT id FROM " + s.sql().blobs + " WHERE state = '" + Sql.STAGED + "'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    try (PreparedStatement rows =
            c.prepareStatement(
                "SELECT idx, crc FROM " + s.sql().chunks + " WHERE blob_id = ? ORDER BY idx DESC");
        PreparedStatement move =
            c.prepareStatement(
                "UPDATE "
                    + s.sql().chunks
                    + " SET idx = ?, crc = ? WHERE blob_id = ? AND idx = ?")) {
      for (String id : ids) {
        s.dialect().setId(rows, 1, id);
        List<long[]> found = new ArrayList<>();
        try (ResultSet rs = rows.executeQuery()) {
          while (rs.next()) {
            found.add(new long[] {rs.getLong(1), rs.getLong(2)});
          }
        }
        if (!found.isEmpty()) {
          // this step has no DDL, so MariaDB runs it in a transaction too: one a Galera node
          // aborted under the batch must not let the version be written without the rows moved,
          // nor leave some of them moved (Rows.executeBatch runs them one by one there)
          Rows.executeBatch(
              c,
              s,
              move,
              found.size(),
              (ps, i) -> {
                long[] r = found.get(i);
                long to = r[0] + Chunks.STAGED_BASE;
                ps.setLong(1, to);
                long crc = Chunks.stored(r[1]) ^ Chunks.place(id, r[0]) ^ Chunks.place(id, to);
                ps.setLong(2, s.dialect().rekeyedCrc(r[1], r[0], to, crc));
                s.dialect().setId(ps, 3, id);
                ps.setLong(4, r[0]);
              });
        }
      }
    }
  }
}
