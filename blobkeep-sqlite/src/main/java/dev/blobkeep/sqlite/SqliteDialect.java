package dev.blobkeep.sqlite;

import dev.blobkeep.BlobkeepException;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreFormatException;
import dev.blobkeep.spi.Dialect;
import dev.blobkeep.spi.Owners;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * SQLite: tables prefixed {@code blobkeep_} in the main database, chunks in a rowid table with the
 * CRC before the data (so reading a CRC never walks the data's overflow pages), user fields as JSON
 * text queried with the {@code ->} operator, write transactions started with {@code BEGIN
 * IMMEDIATE} so that a writer waits for the lock up front instead of failing on upgrade.
 */
final class SqliteDialect extends Dialect {
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;

  private final Owners owners;
  private final boolean fullSync;

  /**
   * @param fullSync true if the store's connections run {@code synchronous=FULL}: staging
   *     transactions then switch to {@code NORMAL} and back
   */
  SqliteDialect(Owners owners, boolean fullSync) {
    this.fullSync = fullSync;
    this.owners = owners;
  }

  /**
   * Steps the statement through the driver's handle, without a result set ({@link SteppedQuery}).
   */
  @Override
  public <T> T queryRow(PreparedStatement ps, Object[] params, RowReader<T> reader)
      throws SQLException {
    org.sqlite.core.CoreStatement st = SteppedQuery.handle(ps);
    return st == null ? super.queryRow(ps, params, reader) : SteppedQuery.run(st, params, reader);
  }

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public boolean makesBackups() {
    return true;
  }

  /**
   * {@code VACUUM INTO}: one read transaction's snapshot, compacted, while writers go on. On a
   * connection of its own, since VACUUM refuses to run beside statements a pooled connection may
   * keep prepared and active; in WAL mode its read transaction never waits for a writer.
   */
  @Override
  public void backupInto(Connection c, String file) throws SQLException {
    try (Connection own = DriverManager.getConnection(c.getMetaData().getURL());
        PreparedStatement ps = own.prepareStatement("VACUUM INTO ?")) {
      ps.setString(1, file);
      ps.execute();
    }
  }

  /**
   * A read by id seeks the row's {@code rowid} (derived from the id) instead of walking the id's
   * index: small reads measured 1.06x and 1.10x faster (docs/sqlite.md).
   */
  @Override
  public boolean keysRowsById() {
    return true;
  }

  @Override
  public String blobsTable() {
    return "blobkeep_blobs";
  }

  @Override
  public String chunksTable() {
    return "blobkeep_chunks";
  }

  @Override
  public String settingsTable() {
    return "blobkeep_settings";
  }

  @Override
  public String bucketsTable() {
    return "blobkeep_buckets";
  }

  @Override
  public List<String> upgrade(int fromVersion) {
    return switch (fromVersion) {
      case 0 ->
          List.of(
              "CREATE TABLE IF NOT EXISTS blobkeep_settings ("
                  + "name TEXT PRIMARY KEY, value TEXT NOT NULL)",
              "CREATE TABLE IF NOT EXISTS blobkeep_blobs ("
                  + "id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT, size INTEGER NOT NULL,"
                  + " chunk_size INTEGER NOT NULL, sha256 TEXT, content_type TEXT NOT NULL,"
                  + " created INTEGER NOT NULL, updated INTEGER NOT NULL, state TEXT NOT NULL,"
                  + " meta TEXT NOT NULL DEFAULT '{}')",
              "CREATE UNIQUE INDEX IF NOT EXISTS blobkeep_blobs_key ON blobkeep_blobs (bucket, key)",
              "CREATE INDEX IF NOT EXISTS blobkeep_blobs_bucket ON blobkeep_blobs (bucket, id)",
              "CREATE TABLE IF NOT EXISTS blobkeep_chunks ("
                  + "blob_id TEXT NOT NULL, idx INTEGER NOT NULL, crc INTEGER NOT NULL,"
                  + " data BLOB NOT NULL, PRIMARY KEY (blob_id, idx))",
              "INSERT INTO blobkeep_settings (name, value) VALUES ('schema_version', '1')");
      case 1 ->
          List.of(
              // v2: in-place writes (a version per blob) and crash cleanup (the uploading owner).
              "ALTER TABLE blobkeep_blobs ADD COLUMN version INTEGER NOT NULL DEFAULT 0",
              "ALTER TABLE blobkeep_blobs ADD COLUMN owner TEXT",
              "CREATE INDEX IF NOT EXISTS blobkeep_blobs_leftovers ON blobkeep_blobs (state)"
                  + " WHERE state <> 'ready'",
              "UPDATE blobkeep_settings SET value = '2' WHERE name = 'schema_version'");
      case 2 ->
          List.of(
              // v3: which chunks hold data (NULL: all); the engine fills it and rewrites CRCs.
              "ALTER TABLE blobkeep_blobs ADD COLUMN chunk_map BLOB",
              "UPDATE blobkeep_settings SET value = '3' WHERE name = 'schema_version'");
      case 3 -> {
        List<String> v4 = new java.util.ArrayList<>(bucketsAndStagingV4());
        v4.add("UPDATE blobkeep_settings SET value = '4' WHERE name = 'schema_version'");
        yield v4;
      }
      case 4 -> {
        List<String> v5 = new java.util.ArrayList<>(inlineAndKeyIndexV5());
        v5.add("UPDATE blobkeep_settings SET value = '5' WHERE name = 'schema_version'");
        yield v5;
      }
      // v6: staged blobs' chunk rows move to Chunks.STAGED_BASE on, by the engine's rewrite alone
      case 5 -> List.of();
      default -> throw new IllegalArgumentException("no upgrade from version " + fromVersion);
    };
  }

  /**
   * The S3 part of schema 4: the buckets table (a bucket exists while empty), filled from the
   * buckets of the ready blobs; each blob's stored MD5 and entity tag; an index of staged blobs by
   * age for the garbage collector. The step runs in one transaction, so it is never left half done.
   */
  static List<String> bucketsAndStagingV4() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS blobkeep_buckets ("
            + "name TEXT PRIMARY KEY, created INTEGER NOT NULL)",
        "INSERT OR IGNORE INTO blobkeep_buckets (name, created) SELECT bucket, min(created)"
            + " FROM blobkeep_blobs WHERE state = 'ready' GROUP BY bucket",
        "ALTER TABLE blobkeep_blobs ADD COLUMN md5 TEXT",
        "ALTER TABLE blobkeep_blobs ADD COLUMN etag TEXT",
        "CREATE INDEX IF NOT EXISTS blobkeep_blobs_staged ON blobkeep_blobs (updated)"
            + " WHERE state = 'staged'");
  }

  /**
   * Schema 5 (issue 15): small content inline in the blob's row, two columns added at the end of
   * the row (after every column a listing reads, so a listing never reads them; O(1) in SQLite);
   * the unique (bucket, key) index over keyed blobs only, so a put without a key updates one index
   * fewer (rebuilt from the keyed rows); and version 1 for blobs allocated under version 3 (version
   * 0 without a SHA-256): their entity tag is {@code v1-<id>} from then on, and no longer turns
   * into the SHA-256 once verify records one. Upload owners on SQLite are file locks, so no lease
   * table.
   */
  static List<String> inlineAndKeyIndexV5() {
    return List.of(
        "ALTER TABLE blobkeep_blobs ADD COLUMN inline_data BLOB",
        "ALTER TABLE blobkeep_blobs ADD COLUMN inline_crc INTEGER",
        "DROP INDEX IF EXISTS blobkeep_blobs_key",
        "CREATE UNIQUE INDEX blobkeep_blobs_key ON blobkeep_blobs (bucket, key)"
            + " WHERE key IS NOT NULL",
        "UPDATE blobkeep_blobs SET version = 1"
            + " WHERE version = 0 AND sha256 IS NULL AND state = 'ready'");
  }

  @Override
  public boolean storeExists(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'blobkeep_settings'")) {
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public Condition fieldEquals(String column, String field, String jsonValue) {
    // Json.checkFieldName keeps '"' and '\' out of names, so the quoted path label is exact.
    String path = "$.\"" + field + "\"";
    Number number = number(jsonValue);
    if (number != null) {
      // Numbers by value, as jsonb does: 1 matches 1.0 and 1E+2 matches 100, never "1".
      return new Condition(
          "(json_type("
              + column
              + ", ?) IN ('integer', 'real') AND json_extract("
              + column
              + ", ?) = ?)",
          List.of(path, path, number));
    }
    return new Condition("(" + column + " -> ?) = ?", List.of(path, jsonValue));
  }

  /** The JSON text as a number bound by value (a long when exact, else a double), or null. */
  private static Number number(String json) {
    if (json.isEmpty() || !(json.charAt(0) == '-' || Character.isDigit(json.charAt(0)))) {
      return null;
    }
    try {
      java.math.BigDecimal d = new java.math.BigDecimal(json);
      try {
        return d.longValueExact();
      } catch (ArithmeticException notALong) {
        return d.doubleValue();
      }
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public void begin(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
    }
  }

  /**
   * {@code synchronous=NORMAL} for the staging transaction: its commit appends to the WAL without
   * an fsync; the publishing commit's fsync (FULL) covers the whole log before it.
   */
  @Override
  public void beginStaging(Connection c) throws SQLException {
    if (fullSync) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA synchronous = NORMAL");
      }
    }
    try {
      begin(c);
    } catch (SQLException e) {
      try {
        endStaging(c); // BEGIN failed (busy): the connection goes back to the pool as it came
      } catch (SQLException restore) {
        e.addSuppressed(restore);
      }
      throw e;
    }
  }

  @Override
  public void endStaging(Connection c) throws SQLException {
    if (fullSync) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA synchronous = FULL");
      }
    }
  }

  @Override
  public void commit(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("COMMIT");
    }
  }

  @Override
  public void rollback(Connection c) throws SQLException {
    if (c.getAutoCommit()) {
      try (Statement s = c.createStatement()) {
        s.execute("ROLLBACK");
      } catch (SQLException e) {
        if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
          throw e;
        }
      }
    } else {
      c.rollback();
    }
  }

  @Override
  public boolean isRetryable(SQLException e) {
    int code = e.getErrorCode() & 0xff;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
  }

  @Override
  public BlobkeepException translate(SQLException e, String action, String location) {
    int code = e.getErrorCode() & 0xff;
    String what =
        switch (code) {
          case SQLITE_FULL ->
              "the disk is full (or max_page_count was reached); free space and" + " retry";
          case SQLITE_READONLY -> "the database file is read-only; check its permissions";
          case SQLITE_CANTOPEN ->
              "the database file cannot be opened; check the path and" + " permissions";
          case SQLITE_IOERR -> "an I/O error occurred: " + firstLine(e);
          case SQLITE_CORRUPT -> "the database file is corrupt: " + firstLine(e);
          default -> null;
        };
    if (code == SQLITE_NOTADB) {
      return new StoreFormatException(
          location + " is not a blobkeep store: not an SQLite database");
    }
    if (what == null) {
      return super.translate(e, action, location);
    }
    return new StoreException(action + " failed on SQLite store " + location + ": " + what, e);
  }

  /**
   * A value with {@code crc} in its low 32 bits that keeps the row's stored size: SQLite updates a
   * row in place only when its record keeps its size, and otherwise writes the row's whole chunk
   * again. Only {@code idx} and {@code crc} change size when a compose moves a row (the blob id is
   * text of one length), so the new CRC takes the width the index gives up or needs. Where no value
   * has that width (an odd difference: SQLite stores integers in 0-4, 6 or 8 bytes), the CRC
   * itself.
   */
  @Override
  public long rekeyedCrc(long oldStored, long oldIdx, long newIdx, long crc) {
    int width = IntegerWidth.of(oldStored) + IntegerWidth.of(oldIdx) - IntegerWidth.of(newIdx);
    for (long v : new long[] {crc, crc - (1L << 32), crc + (1L << 32), crc + (1L << 48)}) {
      if (IntegerWidth.of(v) == width) {
        return v;
      }
    }
    return crc;
  }

  @Override
  public Owners owners() {
    return owners;
  }
}
