package dev.blobkeep.testkit;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Reads and rewrites chunk rows behind the store's back, for tests that damage a store the way a
 * bad restore, a hand-made statement or a bug would. Works on any {@link StoreFixture}.
 */
public final class StoredChunks {
  private final StoreFixture fixture;

  public StoredChunks(StoreFixture fixture) {
    this.fixture = fixture;
  }

  /**
   * The CRC the store keeps for a chunk, computed as docs/storage.md defines it: CRC32C(data) XOR
   * CRC32C(blob id as 16 bytes, index as 8 bytes, big-endian).
   */
  public static long crc(String blobId, long idx, byte[] data) {
    CRC32C content = new CRC32C();
    content.update(data);
    UUID id = UUID.fromString(blobId);
    CRC32C place = new CRC32C();
    place.update(
        ByteBuffer.allocate(24)
            .putLong(id.getMostSignificantBits())
            .putLong(id.getLeastSignificantBits())
            .putLong(idx)
            .array());
    return content.getValue() ^ place.getValue();
  }

  /** The stored bytes of a chunk, or null if it has no row. */
  public byte[] data(String blobId, long idx) throws SQLException {
    return row(blobId, idx, 1, byte[].class);
  }

  /**
   * The stored CRC of a chunk: the low 32 bits of the stored value, which is all that counts
   * (SQLite may store a moved row's CRC plus a multiple of 2^32).
   */
  public long crc(String blobId, long idx) throws SQLException {
    return row(blobId, idx, 2, Long.class) & 0xFFFF_FFFFL;
  }

  private <T> T row(String blobId, long idx, int column, Class<T> type) throws SQLException {
    try (Connection c = fixture.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT data, crc FROM " + fixture.table("chunks") + where(blobId, idx));
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      return type == Long.class ? type.cast(rs.getLong(column)) : type.cast(rs.getBytes(column));
    }
  }

  /** Replaces a chunk row's data and CRC; fails unless exactly that row exists. */
  public void rewrite(String blobId, long idx, byte[] data, long crc) throws SQLException {
    try (Connection c = fixture.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE "
                    + fixture.table("chunks")
                    + " SET data = ?, crc = ?"
                    + where(blobId, idx))) {
      ps.setBytes(1, data);
      ps.setLong(2, crc);
      if (ps.executeUpdate() != 1) {
        throw new AssertionError("no chunk " + idx + " of blob " + blobId + " to rewrite");
      }
    }
  }

  /** Inserts a chunk row. */
  public void insert(String blobId, long idx, byte[] data, long crc) throws SQLException {
    try (Connection c = fixture.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + fixture.table("chunks")
                    + " (blob_id, idx, crc, data) VALUES ('"
                    + UUID.fromString(blobId)
                    + "', ?, ?, ?)")) {
      ps.setLong(1, idx);
      ps.setLong(2, crc);
      ps.setBytes(3, data);
      ps.executeUpdate();
    }
  }

  /** The number of chunk rows of a blob. */
  public long count(String blobId) throws SQLException {
    try (Connection c = fixture.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM "
                    + fixture.table("chunks")
                    + " WHERE blob_id = '"
                    + UUID.fromString(blobId)
                    + "'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The content a small blob keeps inline in its row (schema 5: its only chunk, with its CRC in
   * {@code inline_crc}), or null if its chunks are rows of the chunks table.
   */
  public byte[] inline(String blobId) throws SQLException {
    try (Connection c = fixture.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT inline_data FROM "
                    + fixture.table("blobs")
                    + " WHERE id = '"
                    + UUID.fromString(blobId)
                    + "'");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new AssertionError("no blob " + blobId);
      }
      return rs.getBytes(1);
    }
  }

  /** Replaces a small blob's inline content, keeping its CRC; fails unless the blob has some. */
  public void rewriteInline(String blobId, byte[] data) throws SQLException {
    try (Connection c = fixture.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE "
                    + fixture.table("blobs")
                    + " SET inline_data = ? WHERE inline_data IS NOT NULL AND id = '"
                    + UUID.fromString(blobId)
                    + "'")) {
      ps.setBytes(1, data);
      if (ps.executeUpdate() != 1) {
        throw new AssertionError("blob " + blobId + " has no inline content to rewrite");
      }
    }
  }

  private static String where(String blobId, long idx) {
    return " WHERE blob_id = '" + UUID.fromString(blobId) + "' AND idx = " + idx;
  }
}
