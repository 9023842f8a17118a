package dev.blobkeep.postgres;

import dev.blobkeep.BlobkeepException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.spi.Dialect;
import dev.blobkeep.spi.FirstChunkRead;
import dev.blobkeep.spi.LeaseOwners;
import dev.blobkeep.spi.Owners;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * PostgreSQL: tables {@code blobkeep_blobs}, {@code blobkeep_chunks} and {@code blobkeep_settings}
 * in the store's schema; ids as {@code uuid}; times as {@code bigint} epoch milliseconds; chunks as
 * {@code bytea} stored out of line without compression ({@code STORAGE EXTERNAL}); user fields as
 * {@code jsonb} with a {@code jsonb_path_ops} GIN index that serves field-equality queries; keys in
 * the {@code "C"} collation, so a key-prefix query is a byte range on the unique (bucket, key)
 * index whatever the database's collation.
 *
 * <p>Write transactions run at {@code REPEATABLE READ}: two transactions that change the same row
 * (an in-place write and a delete, two user-field updates, two writes into one chunk) cannot both
 * commit; the loser fails with SQLSTATE 40001 and the engine runs it again, as SQLite's single
 * writer would have ordered them. Thread-safe.
 */
final class PostgresDialect extends Dialect {
  /** The name of the unique (bucket, key) index, whose violation is a publish race. */
  static final String KEY_INDEX = "blobkeep_blobs_key";

  private final Server server;
  private final String schema;
  private final Owners owners;
  private final boolean setIsolation;

  /**
   * @param server the store's server and schema
   * @param owners upload owner liveness
   * @param setIsolation true if {@link #begin} must set {@code REPEATABLE READ} itself (a caller's
   *     data source); false if every pooled connection already defaults to it
   */
  PostgresDialect(Server server, Owners owners, boolean setIsolation) {
    this.server = server;
    this.schema = quote(server.schema());
    this.owners = owners;
    this.setIsolation = setIsolation;
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public String name() {
    return "PostgreSQL";
  }

  @Override
  public String blobsTable() {
    return schema + ".blobkeep_blobs";
  }

  @Override
  public String chunksTable() {
    return schema + ".blobkeep_chunks";
  }

  @Override
  public String settingsTable() {
    return schema + ".blobkeep_settings";
  }

  @Override
  public String bucketsTable() {
    return schema + ".blobkeep_buckets";
  }

  /**
   * The same steps as on SQLite, with PostgreSQL types. Every step first takes a transaction-level
   * advisory lock on the schema, so two processes creating or upgrading one store at once run one
   * after the other; the statements are idempotent ({@code IF NOT EXISTS}, {@code ON CONFLICT}) so
   * the second finds the work done. The schema itself is created before, at open, only if missing:
   * {@code CREATE SCHEMA IF NOT EXISTS} needs the CREATE privilege on the database even when the
   * schema exists.
   */
  @Override
  public List<String> upgrade(int fromVersion) {
    String lock = "SELECT pg_advisory_xact_lock(" + Locks.schemaKey(server.schema()) + ")";
    String blobs = blobsTable();
    return switch (fromVersion) {
      case 0 ->
          List.of(
              lock,
              "CREATE TABLE IF NOT EXISTS "
                  + settingsTable()
                  + " (name text PRIMARY KEY, value text NOT NULL)",
              "CREATE TABLE IF NOT EXISTS "
                  + blobs
                  + " (id uuid PRIMARY KEY, bucket text NOT NULL, key text COLLATE \"C\","
                  + " size bigint NOT NULL, chunk_size integer NOT NULL, sha256 text,"
                  + " content_type text NOT NULL, created bigint NOT NULL, updated bigint NOT NULL,"
                  + " state text NOT NULL, meta jsonb NOT NULL DEFAULT '{}')",
              "CREATE UNIQUE INDEX IF NOT EXISTS " + KEY_INDEX + " ON " + blobs + " (bucket, key)",
              "CREATE INDEX IF NOT EXISTS blobkeep_blobs_bucket ON " + blobs + " (bucket, id)",
              "CREATE INDEX IF NOT EXISTS blobkeep_blobs_meta ON "
                  + blobs
                  + " USING gin (meta jsonb_path_ops)",
              "CREATE TABLE IF NOT EXISTS "
                  + chunksTable()
                  + " (blob_id uuid NOT NULL, idx bigint NOT NULL, crc bigint NOT NULL,"
                  + " data bytea NOT NULL, PRIMARY KEY (blob_id, idx))",
              // Out of line and never compressed: stored files are mostly compressed already, and
              // pglz would cost CPU on every chunk written and read for next to no space.
              "ALTER TABLE " + chunksTable() + " ALTER COLUMN data SET STORAGE EXTERNAL",
              "INSERT INTO "
                  + settingsTable()
                  + " (name, value) VALUES ('schema_version', '1') ON CONFLICT (name) DO NOTHING");
      case 1 ->
          List.of(
              lock,
              // v2: in-place writes (a version per blob) and crash cleanup (the uploading owner).
              "ALTER TABLE "
                  + blobs
                  + " ADD COLUMN IF NOT EXISTS version bigint NOT NULL DEFAULT 0",
              "ALTER TABLE " + blobs + " ADD COLUMN IF NOT EXISTS owner text",
              "CREATE INDEX IF NOT EXISTS blobkeep_blobs_leftovers ON "
                  + blobs
                  + " (state) WHERE state <> 'ready'",
              "UPDATE " + settingsTable() + " SET value = '2' WHERE name = 'schema_version'");
      case 2 ->
          List.of(
              lock,
              // v3: which chunks hold data (NULL: all); the engine fills it and rewrites CRCs.
              "ALTER TABLE " + blobs + " ADD COLUMN IF NOT EXISTS chunk_map bytea",
              "UPDATE " + settingsTable() + " SET value = '3' WHERE name = 'schema_version'");
      case 3 -> {
        List<String> v4 = new java.util.ArrayList<>();
        v4.add(lock);
        v4.addAll(bucketsAndStagingV4());
        v4.add("UPDATE " + settingsTable() + " SET value = '4' WHERE name = 'schema_version'");
        yield v4;
      }
      case 4 -> {
        List<String> v5 = new java.util.ArrayList<>();
        v5.add(lock);
        v5.addAll(inlineKeyIndexAndLeasesV5());
        v5.add("UPDATE " + settingsTable() + " SET value = '5' WHERE name = 'schema_version'");
        yield v5;
      }
      // v6: staged blobs' chunk rows move to their new first index, by the engine's rewrite alone
      case 5 -> List.of(lock);
      default -> throw new IllegalArgumentException("no upgrade from version " + fromVersion);
    };
  }

  /**
   * The S3 part of schema 4: the buckets table (a bucket exists while empty), filled from the
   * buckets of the ready blobs; each blob's stored MD5 and entity tag; an index of staged blobs by
   * age for the garbage collector. Idempotent.
   */
  List<String> bucketsAndStagingV4() {
    String blobs = blobsTable();
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + bucketsTable()
            + " (name text COLLATE \"C\" PRIMARY KEY, created bigint NOT NULL)",
        "INSERT INTO "
            + bucketsTable()
            + " (name, created) SELECT bucket, min(created) FROM "
            + blobs
            + " WHERE state = 'ready' GROUP BY bucket ON CONFLICT (name) DO NOTHING",
        "ALTER TABLE " + blobs + " ADD COLUMN IF NOT EXISTS md5 text",
        "ALTER TABLE " + blobs + " ADD COLUMN IF NOT EXISTS etag text",
        "CREATE INDEX IF NOT EXISTS blobkeep_blobs_staged ON "
            + blobs
            + " (updated) WHERE state = 'staged'");
  }

  /** Qualified name of the upload-owner lease table ({@link LeaseOwners}) in the schema. */
  static String leasesTable(Server server) {
    return quote(server.schema()) + ".blobkeep_leases";
  }

  /**
   * Upload owners as leases in the schema's lease table, renewed as {@code options} say. The table
   * is made by schema version 5 ({@link #inlineKeyIndexAndLeasesV5}), which every writable open
   * reaches before any upload.
   */
  static LeaseOwners leases(DataSource db, Server server, StoreOptions options) {
    return new LeaseOwners(
        db,
        leasesTable(server),
        NOW_MILLIS,
        options.leaseInterval(),
        options.leaseExpiry(),
        server.location(),
        (e, action, location) -> ServerErrors.translate(e, action, location, server));
  }

  /** The server's current time in epoch milliseconds (of the statement, not the transaction). */
  static final String NOW_MILLIS = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS bigint)";

  @Override
  public String nowMillis() {
    return NOW_MILLIS;
  }

  /**
   * Schema 5 (issue 15 and upload leases): small content inline in the blob's row ({@code
   * inline_data bytea} out of line in TOAST and never compressed, as chunks are, and {@code
   * inline_crc bigint}; nullable without a default, so no table rewrite); the unique (bucket, key)
   * index over keyed blobs only (a put without a key updates one index fewer; rebuilt from the
   * keyed rows); the upload-owner lease table ({@link LeaseOwners}); and version 1 for blobs
   * allocated under version 3 (version 0 without a SHA-256): their entity tag is {@code v1-<id>}
   * from then on, and no longer turns into the SHA-256 once verify records one. Idempotent.
   */
  List<String> inlineKeyIndexAndLeasesV5() {
    String blobs = blobsTable();
    return List.of(
        "ALTER TABLE " + blobs + " ADD COLUMN IF NOT EXISTS inline_data bytea",
        "ALTER TABLE " + blobs + " ADD COLUMN IF NOT EXISTS inline_crc bigint",
        "ALTER TABLE " + blobs + " ALTER COLUMN inline_data SET STORAGE EXTERNAL",
        "DROP INDEX IF EXISTS " + schema + "." + KEY_INDEX,
        "CREATE UNIQUE INDEX "
            + KEY_INDEX
            + " ON "
            + blobs
            + " (bucket, key) WHERE key IS NOT NULL",
        LeaseOwners.createTableStatement(leasesTable(server)),
        "UPDATE "
            + blobs
            + " SET version = 1 WHERE version = 0 AND sha256 IS NULL AND state = 'ready'");
  }

  /** Looks in the catalog, which every role may read, so a missing privilege is not "no store". */
  @Override
  public boolean storeExists(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
      ps.setString(1, server.schema());
      ps.setString(2, "blobkeep_settings");
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Lateral: PostgreSQL gates the subquery with a one-time filter on the row's inline CRC, so it
   * searches the chunks table once for a blob that is not inline (the two subqueries searched it
   * twice) and never for one that is.
   */
  @Override
  public FirstChunkRead firstChunkRead() {
    return FirstChunkRead.LATERAL;
  }

  /**
   * True: the executor sets up the lateral subquery and the chunks table's index at every
   * execution, even for an inline blob whose one-time filter then skips the search.
   */
  @Override
  public boolean triesRowAloneFirst() {
    return true;
  }

  /**
   * 4 MiB of chunks per statement: a large get 1.56x faster than a statement per 256 KiB chunk
   * (paired, 16 MiB blob, see blobkeep-bench/RESULTS.md).
   */
  @Override
  public int readAheadBytes() {
    return 4 << 20;
  }

  /** Data-modifying {@code WITH}: the row and its chunk in one statement. */
  @Override
  public boolean insertsInOneStatement() {
    return true;
  }

  @Override
  public String jsonParameter() {
    return "CAST(? AS jsonb)";
  }

  /**
   * {@code meta @> {"field": value}}, which the GIN index serves. For the scalar values a query
   * compares, containment is equality (numbers compare as numbers: 1 matches 1.0).
   */
  @Override
  public Condition fieldEquals(String column, String field, String jsonValue) {
    // Json.checkFieldName keeps '"', '\' and control characters out of names: the quoting is exact.
    return new Condition(
        column + " @> CAST(? AS jsonb)", List.of("{\"" + field + "\":" + jsonValue + "}"));
  }

  /**
   * A byte range {@code column >= prefix AND column < successor(prefix)}: exact because the key
   * column uses the {@code "C"} collation (UTF-8 byte order, which is code point order), and served
   * by the (bucket, key) index.
   */
  @Override
  public Condition startsWith(String column, String prefix) {
    return codePointRange(column, prefix);
  }

  @Override
  public void setId(PreparedStatement ps, int index, String id) throws SQLException {
    ps.setObject(index, UUID.fromString(id));
  }

  @Override
  public Object idParameter(String id) {
    return UUID.fromString(id);
  }

  @Override
  public void begin(Connection c) throws SQLException {
    c.setAutoCommit(false);
    if (setIsolation) {
      try (Statement s = c.createStatement()) {
        s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      }
    }
  }

  /** {@code synchronous_commit = off} for this transaction only: no WAL flush wait. */
  @Override
  public void beginStaging(Connection c) throws SQLException {
    begin(c);
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL synchronous_commit = off");
    }
  }

  /**
   * Serialization failures (40001) and deadlocks (40P01), and a unique violation on the (bucket,
   * key) index: two uploads published under one key at once, which run again sees and orders.
   */
  @Override
  public boolean isRetryable(SQLException e) {
    String state = ServerErrors.state(e);
    if ("40001".equals(state) || "40P01".equals(state)) {
      return true;
    }
    return "23505".equals(state) && KEY_INDEX.equals(ServerErrors.constraint(e));
  }

  @Override
  public BlobkeepException translate(SQLException e, String action, String location) {
    return ServerErrors.translate(e, action, location, server);
  }

  @Override
  public String ownBackups() {
    return "pg_dump, pg_basebackup or a standby";
  }

  @Override
  public Owners owners() {
    return owners;
  }
}
