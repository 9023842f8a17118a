package dev.blobkeep.internal;

import dev.blobkeep.spi.Dialect;
import dev.blobkeep.spi.FirstChunkRead;
import java.util.List;

/** The engine's statements, with the dialect's table names filled in once per store. */
final class Sql {
  static final String PENDING = "pending";
  static final String READY = "ready";
  static final String DELETED = "deleted";
  static final String REPLACED = "replaced";

  /** A blob stored for a later compose: addressable by id only, never listed (schema 4). */
  static final String STAGED = "staged";

  static final String ROW_COLUMNS =
      "id, bucket, key, size, chunk_size, sha256, content_type, created, updated, state,"
          + " version, meta, md5, etag";

  private static final String BY_ID = "b.id = ?";

  /** The byte of {@code b.chunk_map} holding one chunk's bit; its parameter is the position. */
  private static final String MAP_BYTE = "substr(b.chunk_map, CAST(? AS INTEGER), 1)";

  private static final String BY_KEY = "b.bucket = ? AND b.key = ? AND b.state = '" + READY + "'";

  /** {@link #ROW_COLUMNS} with the dialect's key column. */
  final String rowColumns;

  /**
   * True if rows of the blobs table are inserted under a key derived from their id ({@link
   * Dialect#keysRowsById}, {@link Rows#rowKey}): {@link #insertBlob} then takes that key twice as
   * its last parameters, and {@link #contentById} takes the key and then the id.
   */
  final boolean rowKeys;

  final String blobs;
  final String chunks;
  final String settings;

  final String rowById;
  final String headById;
  final String headByKey;
  final String contentById;
  final String contentByKey;

  /**
   * As {@link #contentById}, the row alone, without the chunks table, where the dialect {@linkplain
   * Dialect#triesRowAloneFirst tries it first}, or null: chunk 0 is the inline one only, and the
   * state is the last column rather than a condition (MariaDB: 1.04x faster so, with its indexes on
   * the state). Columns as in {@link #contentById}, then the state.
   */
  final String contentByIdRowAlone;

  /** As {@link #contentByKey}, the row alone (see {@link #contentByIdRowAlone}), or null. */
  final String contentByKeyRowAlone;

  /**
   * Content reads after which the row alone is tried: so many reads in a row that needed no chunk
   * row. One that needs one costs a second statement when tried so, and starts the count again.
   */
  static final int ROW_ALONE_AFTER = 16;

  /** The most {@link #rowAloneAfter} grows to. */
  static final int ROW_ALONE_AFTER_MAX = 1024;

  /**
   * Content reads in a row that needed no chunk row (an inline or empty blob), up to {@link
   * #rowAloneAfter}. A hint shared by the store's threads, updated without a lock, as {@link
   * #rowAloneAfter} is: a lost update only picks the other statement for a read, and both give the
   * same result.
   */
  private volatile int rowAloneStreak;

  /**
   * The streak after which the row alone is tried: {@link #ROW_ALONE_AFTER}, doubled (up to {@link
   * #ROW_ALONE_AFTER_MAX}) each time the row alone missed a blob small enough to be inline whose
   * content is nevertheless in the chunks table (stored before schema 5, or written in place), so
   * that a store full of such blobs does not pay a second statement every 16 reads; back to {@link
   * #ROW_ALONE_AFTER} once the row alone serves a read.
   */
  private volatile int rowAloneAfter = ROW_ALONE_AFTER;

  final String rowState;
  final String liveRowByKey;
  final String insertBlob;
  final String insertChunk;

  /** A new row and its one chunk in one statement, where the dialect has one, or null. */
  final String insertReadyWithChunk;

  final String upsertChunk;
  final String deleteChunk;
  final String readChunk;
  final String readChunkInTx;

  /**
   * A run of chunks with the blob's state, version, size, chunk size and the chunk map's bytes for
   * the run, in one statement (one snapshot): a row per stored chunk of the run, or one row with
   * NULL chunk columns if none is stored. No ORDER BY: MariaDB sorted the chunks through a
   * temporary table; the reader places each chunk by its index. Parameters: the map's first byte
   * position ({@link ChunkMap#bytePosition} of the first index), its length in bytes, first index,
   * index after the last, blob id. Not for an inline blob, whose one chunk is in its row.
   */
  final String readChunks;

  final String chunkBatch;

  /**
   * The stored chunks of a blob from index {@code from} to before {@code to}, a small blob's inline
   * chunk 0 among them. Parameters: blob id, from, to, blob id, 1 if from is 0 else 0.
   */
  final String chunkRange;

  final String heartbeat;
  final String retire;
  final String abandon;
  final String publish;

  /** As {@link #publish}, to state {@link #STAGED}: the end of {@code stage}. */
  final String publishStaged;

  final String deleteRow;
  final String chunkIndexes;
  final String deleteChunkRange;
  final String deleteChunksFrom;
  final String markWritten;
  final String setSha;
  final String setMeta;
  final String setSize;
  final String leftovers;
  final String liveRowsAfter;
  final String readVersion;
  final String writeVersion;

  /** The row with its chunk map as the last column, for in-place writes. */
  final String rowWithMapById;

  /**
   * Moves a blob's inline chunk 0 into the chunks table (before an in-place write); {@link
   * #clearInline} then empties the row's inline columns.
   */
  final String spillInline;

  final String clearInline;

  /** A blob's chunk map and version, for verify. */
  final String mapById;

  /** The blob ids after a given one, in order: pages of the schema 3 upgrade. */
  final String idsAfter;

  /** Size, chunk size and stored chunks (index and CRC) of the blobs in an id range. */
  final String chunksOfRange;

  final String setChunkMap;
  final String setCrc;

  Sql(Dialect d) {
    blobs = d.blobsTable();
    chunks = d.chunksTable();
    settings = d.settingsTable();
    String key = d.keyColumn();
    rowColumns = ROW_COLUMNS.replace(", key,", ", " + key + ",");
    rowById = "SELECT " + rowColumns + " FROM " + blobs + " WHERE id = ?";
    // A row with its first chunk: a blob of one chunk is read in one statement.
    FirstChunkRead join = d.firstChunkRead();
    String head = withFirstChunk("b." + rowColumns.replace(", ", ", b."), join);
    headById = head + BY_ID;
    headByKey = head + BY_KEY;
    // The same for reading content only: fewer columns to decode and send. The state is tested in
    // the WHERE clause, a read by id does not read the id back, and neither reads bucket and key (a
    // read by key has them; a message about a corrupt chunk looks them up: Rows.name).
    String content = "b.version, b.size, b.chunk_size";
    rowKeys = d.keysRowsById();
    // With row keys, the row under the id's key first (a seek on the table itself, no index walk),
    // checked to be this id's; the id's index only if it is not (a row stored under another key).
    // The second arm runs only if the first returned no row (LIMIT 1, and one row is all a read
    // asks for).
    contentById =
        rowKeys
            ? withFirstChunk(content, join)
                + "b.rowid = ?1 AND b.id = ?2 AND b.state = '"
                + READY
                + "' UNION ALL "
                + withFirstChunk(content, join)
                + "b.id = ?2 AND b.state = '"
                + READY
                + "' LIMIT 1"
            : withFirstChunk(content, join) + BY_ID + " AND b.state = '" + READY + "'";
    contentByKey = withFirstChunk(content + ", b.id", join) + BY_KEY;
    if (d.triesRowAloneFirst()) {
      String alone =
          ", b.inline_data AS data, b.inline_crc AS crc, substr(b.chunk_map, 2, 1) AS map";
      contentByIdRowAlone =
          "SELECT " + content + alone + ", b.state FROM " + blobs + " b WHERE " + BY_ID;
      contentByKeyRowAlone =
          "SELECT " + content + ", b.id" + alone + " FROM " + blobs + " b WHERE " + BY_KEY;
    } else {
      contentByIdRowAlone = null;
      contentByKeyRowAlone = null;
    }
    rowState = "SELECT state, version, size, chunk_size FROM " + blobs + " WHERE id = ?";
    liveRowByKey =
        "SELECT "
            + rowColumns
            + " FROM "
            + blobs
            + " WHERE bucket = ? AND "
            + key
            + " = ? AND state = '"
            + READY
            + "'";
    // A null time stands for the database server's clock, where it has one (Dialect.nowMillis):
    // staged blobs are aged by it, so that processes whose clocks differ agree on their age.
    String updatedValue = d.nowMillis() == null ? "?" : "COALESCE(?, " + d.nowMillis() + ")";
    // Parameters: Rows.insertParameters
    insertBlob =
        "INSERT INTO "
            + blobs
            + " (id, bucket, "
            + key
            + ", size, chunk_size, sha256, content_type, created, updated,"
            + " state, version, owner, chunk_map, meta, md5, etag, inline_data, inline_crc"
            + (rowKeys ? ", rowid" : "")
            + ") VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, ?, "
            + updatedValue
            + ", ?, ?, ?, ?, "
            + d.jsonParameter()
            + ", ?, ?, ?, ?"
            // the id's key where no row has it; else NULL, for which SQLite picks a free one
            + (rowKeys
                ? ", (SELECT CASE WHEN EXISTS (SELECT 1 FROM "
                    + blobs
                    + " WHERE rowid = ?) THEN NULL ELSE ? END)"
                : "")
            + ")";
    insertChunk = "INSERT INTO " + chunks + " (blob_id, idx, data, crc) VALUES (?, ?, ?, ?)";
    insertReadyWithChunk =
        d.insertsInOneStatement() ? "WITH b AS (" + insertBlob + ") " + insertChunk : null;
    upsertChunk = d.upsert(insertChunk, "blob_id, idx", List.of("data", "crc"));
    deleteChunk = "DELETE FROM " + chunks + " WHERE blob_id = ? AND idx = ?";
    // One statement, so the blob's state, the chunk and its chunk-map bit come from the same
    // snapshot. Parameters: 1 if the index is 0 else 0, the map byte's position
    // (ChunkMap.bytePosition), index, blob id. Chunk 0 of a small blob is inline in its row
    // (Chunks.inline). A flag, not the index, is compared: CAST(? AS INTEGER) is portable (MariaDB
    // has no CAST AS BIGINT), and an index can pass the range of INTEGER.
    readChunk =
        "SELECT b.state, b.version, b.size, b.chunk_size,"
            + " COALESCE(c.data, CASE WHEN CAST(? AS INTEGER) = 1 THEN b.inline_data END)"
            + " AS data, COALESCE(c.crc, b.inline_crc) AS crc, "
            + MAP_BYTE
            + " AS map FROM "
            + blobs
            + " b LEFT JOIN "
            + chunks
            + " c ON c.blob_id = b.id AND c.idx = ? WHERE b.id = ?";
    readChunks =
        "SELECT b.state, b.version, b.size, b.chunk_size,"
            + " substr(b.chunk_map, CAST(? AS INTEGER), CAST(? AS INTEGER)) AS map,"
            + " c.idx, c.data, c.crc FROM "
            + blobs
            + " b LEFT JOIN "
            + chunks
            + " c ON c.blob_id = b.id AND c.idx >= ? AND c.idx < ? WHERE b.id = ?";
    readChunkInTx = "SELECT data, crc FROM " + chunks + " WHERE blob_id = ? AND idx = ?";
    // Parameters: blob id, first index, limit, blob id, 1 if the first index is 0 else 0.
    chunkBatch =
        "SELECT idx, data, crc FROM (SELECT idx, data, crc FROM "
            + chunks
            + " WHERE blob_id = ? AND idx >= ? ORDER BY idx LIMIT ?) c UNION ALL"
            + " SELECT 0, inline_data, inline_crc FROM "
            + blobs
            + " WHERE id = ? AND inline_data IS NOT NULL AND CAST(? AS INTEGER) = 1 ORDER BY 1";
    chunkRange =
        "SELECT idx, data, crc FROM "
            + chunks
            + " WHERE blob_id = ? AND idx >= ? AND idx < ? UNION ALL"
            + " SELECT 0, inline_data, inline_crc FROM "
            + blobs
            + " WHERE id = ? AND inline_data IS NOT NULL AND CAST(? AS INTEGER) = 1";
    heartbeat = "UPDATE " + blobs + " SET updated = ? WHERE id = ? AND state = '" + PENDING + "'";
    retire =
        "UPDATE "
            + blobs
            + " SET state = ?, "
            + key
            + " = NULL, updated = ? WHERE id = ? AND version = ? AND state = '"
            + READY
            + "'";
    abandon =
        "UPDATE "
            + blobs
            + " SET state = '"
            + DELETED
            + "', owner = NULL WHERE id = ? AND state = '"
            + PENDING
            + "'";
    publish =
        "UPDATE "
            + blobs
            + " SET state = '"
            + READY
            + "', "
            + key
            + " = ?, size = ?, sha256 = ?, created = ?, updated = "
            + updatedValue
            + ", owner = NULL,"
            + " chunk_map = ?, md5 = ?, etag = ?"
            + " WHERE id = ? AND state = '"
            + PENDING
            + "' AND (SELECT count(*) FROM "
            + chunks
            + " WHERE blob_id = ?) = ?";
    publishStaged = publish.replace("SET state = '" + READY, "SET state = '" + STAGED);
    deleteRow = "DELETE FROM " + blobs + " WHERE id = ?";
    chunkIndexes = "SELECT idx FROM " + chunks + " WHERE blob_id = ? ORDER BY idx LIMIT ?";
    deleteChunkRange = "DELETE FROM " + chunks + " WHERE blob_id = ? AND idx >= ? AND idx <= ?";
    deleteChunksFrom = "DELETE FROM " + chunks + " WHERE blob_id = ? AND idx >= ?";
    // Guarded by the version read in the same transaction: 0 rows means someone changed the blob.
    markWritten =
        "UPDATE "
            + blobs
            + " SET version = version + 1, sha256 = NULL, md5 = NULL, etag = NULL, updated = ?"
            + " WHERE id = ? AND version = ?"
            + " AND state = '"
            + READY
            + "'";
    setSha = "UPDATE " + blobs + " SET sha256 = ? WHERE id = ? AND version = ? AND state = ?";
    setMeta = "UPDATE " + blobs + " SET meta = " + d.jsonParameter() + ", updated = ? WHERE id = ?";
    // After markWritten in the same transaction, guarded by the version it set.
    setSize =
        "UPDATE "
            + blobs
            + " SET size = ?, sha256 = ?, md5 = NULL, etag = NULL, updated = ?, chunk_map = ?"
            + " WHERE id = ? AND version = ? AND state = '"
            + READY
            + "'";
    leftovers =
        "SELECT id, state, owner FROM "
            + blobs
            + " WHERE state <> '"
            + READY
            + "' AND state <> '"
            + STAGED
            + "' ORDER BY id";
    liveRowsAfter =
        "SELECT "
            + rowColumns
            + " FROM "
            + blobs
            + " WHERE state = '"
            + READY
            + "' AND id > ? ORDER BY id LIMIT ?";
    readVersion = "SELECT value FROM " + settings + " WHERE name = 'schema_version'";
    writeVersion =
        d.upsert(
            "INSERT INTO " + settings + " (name, value) VALUES ('schema_version', ?)",
            "name",
            List.of("value"));
    rowWithMapById =
        "SELECT "
            + rowColumns
            + ", chunk_map, inline_data IS NOT NULL FROM "
            + blobs
            + " WHERE id = ?";
    spillInline =
        "INSERT INTO "
            + chunks
            + " (blob_id, idx, data, crc) SELECT id, 0, inline_data, inline_crc FROM "
            + blobs
            + " WHERE id = ? AND inline_data IS NOT NULL";
    clearInline = "UPDATE " + blobs + " SET inline_data = NULL, inline_crc = NULL WHERE id = ?";
    mapById = "SELECT chunk_map, version FROM " + blobs + " WHERE id = ?";
    idsAfter = "SELECT id FROM " + blobs + " WHERE id > ? ORDER BY id LIMIT ?";
    chunksOfRange =
        "SELECT b.id, b.size, b.chunk_size, c.idx, c.crc FROM "
            + blobs
            + " b LEFT JOIN "
            + chunks
            + " c ON c.blob_id = b.id WHERE b.id >= ? AND b.id <= ? ORDER BY b.id, c.idx";
    setChunkMap = "UPDATE " + blobs + " SET chunk_map = ? WHERE id = ?";
    setCrc = "UPDATE " + chunks + " SET crc = ? WHERE blob_id = ? AND idx = ?";
  }

  /** True if the next content read should try the row alone ({@link #contentByIdRowAlone}). */
  boolean tryRowAlone() {
    return contentByIdRowAlone != null && rowAloneStreak >= rowAloneAfter;
  }

  /** The row alone served a content read: the count goes on, from the first streak length. */
  void rowAloneServed() {
    if (rowAloneAfter != ROW_ALONE_AFTER) {
      rowAloneAfter = ROW_ALONE_AFTER;
    }
    countContentRead(true);
  }

  /**
   * The row alone missed a blob that is small enough to be inline but has its content in the chunks
   * table: the count starts again, and the next try waits for twice as long a streak.
   */
  void rowAloneMissedSmall() {
    rowAloneAfter = Math.min(ROW_ALONE_AFTER_MAX, 2 * rowAloneAfter);
    countContentRead(false);
  }

  /**
   * Counts a content read: {@code rowAloneSuffices} if the blob needed no chunk row (inline, or
   * empty).
   */
  void countContentRead(boolean rowAloneSuffices) {
    if (contentByIdRowAlone == null) {
      return;
    }
    int streak = rowAloneStreak;
    if (!rowAloneSuffices) {
      if (streak != 0) {
        rowAloneStreak = 0;
      }
    } else if (streak < rowAloneAfter) {
      rowAloneStreak = streak + 1;
    }
  }

  /**
   * {@code SELECT columns, data, crc, map byte} of a blob {@code b} and its chunk 0, up to WHERE.
   * Chunk 0 of a small blob is inline in its row; only when it is not does a subquery search the
   * chunks table (COALESCE stops at the first non-NULL value, so the subqueries do not run for an
   * inline blob). A LEFT JOIN with a NULL key did the same, but opened the chunks table and its
   * index at every read. The expressions have short names: sqlite-jdbc decodes every column's name
   * at each execution of {@code executeQuery}, and a small read measured 8% faster with them
   * (before SQLite's dialect stepped the reads by id without it: {@link Dialect#queryRow}).
   *
   * <p>Where the dialect {@linkplain Dialect#firstChunkRead joins the first chunk}, a plain LEFT
   * JOIN on the chunks table's primary key instead: MariaDB reads both sides as constants while it
   * plans the statement, where it would plan the two subqueries at every execution (a small read's
   * statement took 214 against 163 microseconds on the server, the alternative's one-row SELECT
   * 125).
   *
   * <p>Where it joins it {@linkplain FirstChunkRead#LATERAL laterally}, one LATERAL subquery for
   * bytes and CRC, gated on the row's inline CRC being NULL; {@code OFFSET 0} keeps PostgreSQL from
   * pulling it up into a join, which would search the chunks table for every blob. A blob of one
   * chunk that is not inline read 1.05x, 1.18x and 1.19x faster so at the median (three paired
   * runs: one search of the chunks table instead of two), a small one 1.01-1.02x.
   */
  private String withFirstChunk(String columns, FirstChunkRead form) {
    String joined =
        switch (form) {
          case JOIN -> " b LEFT JOIN " + chunks + " c ON c.blob_id = b.id AND c.idx = 0 WHERE ";
          case LATERAL ->
              " b LEFT JOIN LATERAL (SELECT data, crc FROM "
                  + chunks
                  + " WHERE blob_id = b.id AND idx = 0 AND b.inline_crc IS NULL OFFSET 0) c ON true"
                  + " WHERE ";
          case SUBQUERIES -> null;
        };
    if (joined != null) {
      return "SELECT "
          + columns
          + ", COALESCE(b.inline_data, c.data) AS data, COALESCE(b.inline_crc, c.crc) AS crc,"
          + " substr(b.chunk_map, 2, 1) AS map FROM "
          + blobs
          + joined;
    }
    String chunk0 = " FROM " + chunks + " WHERE blob_id = b.id AND idx = 0)";
    return "SELECT "
        + columns
        + ", COALESCE(b.inline_data, (SELECT data"
        + chunk0
        + ") AS data, COALESCE(b.inline_crc, (SELECT crc"
        + chunk0
        + ") AS crc, substr(b.chunk_map, 2, 1) AS map FROM "
        + blobs
        + " b WHERE ";
  }
}
