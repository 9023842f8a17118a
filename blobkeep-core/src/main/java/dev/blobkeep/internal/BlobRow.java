package dev.blobkeep.internal;

import dev.blobkeep.BlobInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** One row of the blobs table, as read. */
record BlobRow(
    String id,
    String bucket,
    String key,
    long size,
    int chunkSize,
    String sha256,
    String contentType,
    long created,
    long updated,
    String state,
    long version,
    String metaJson,
    String md5,
    String etag) {

  /** Number of columns in {@link Sql#ROW_COLUMNS}. */
  static final int COLUMNS = Sql.ROW_COLUMNS.split(",").length;

  /** Reads the columns of {@link Sql#ROW_COLUMNS} from the current row. */
  static BlobRow read(ResultSet rs) throws SQLException {
    return new BlobRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getLong(4),
        rs.getInt(5),
        rs.getString(6),
        rs.getString(7),
        rs.getLong(8),
        rs.getLong(9),
        rs.getString(10),
        rs.getLong(11),
        rs.getString(12),
        rs.getString(13),
        rs.getString(14));
  }

  /**
   * A row with only what reading content needs; its other fields are empty, so it must not be
   * turned into a {@link BlobInfo}.
   *
   * @param bucket null if not read (with {@code key}): messages look the name up ({@link
   *     Rows#name})
   */
  static BlobRow contentOnly(
      String id, String bucket, String key, long size, int chunkSize, long version) {
    return new BlobRow(
        id, bucket, key, size, chunkSize, null, null, 0, 0, Sql.READY, version, "{}", null, null);
  }

  boolean live() {
    return Sql.READY.equals(state);
  }

  /**
   * True for a row the store keeps: published ({@link Sql#READY}) or staged ({@link Sql#STAGED}),
   * whose chunks the garbage collector must never touch.
   */
  boolean kept() {
    return live() || Sql.STAGED.equals(state);
  }

  /** Number of chunk slots the size spans. */
  long chunkCount() {
    return Chunks.count(size, chunkSize);
  }

  BlobInfo info() {
    return new BlobInfo(
        id,
        bucket,
        key,
        size,
        contentType,
        sha256,
        Instant.ofEpochMilli(created),
        Instant.ofEpochMilli(updated),
        Json.readStored(metaJson),
        version,
        md5,
        etag);
  }

  BlobRow withSha(String sha) {
    return new BlobRow(
        id,
        bucket,
        key,
        size,
        chunkSize,
        sha,
        contentType,
        created,
        updated,
        state,
        version,
        metaJson,
        md5,
        etag);
  }
}
