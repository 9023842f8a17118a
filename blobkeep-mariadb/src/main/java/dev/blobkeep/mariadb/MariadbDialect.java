package dev.blobkeep.mariadb;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * MariaDB (InnoDB): tables {@code blobkeep_blobs}, {@code blobkeep_chunks}, {@code
 * blobkeep_settings}, {@code blobkeep_buckets} and {@code blobkeep_leases} in the URL's database.
 * Ids as the native {@code UUID} type (16 bytes; UUIDv7 values sort in time order); times as {@code
 * BIGINT} epoch milliseconds; chunks as {@code LONGBLOB} (a chunk may be 16 MiB, one byte more than
 * {@code MEDIUMBLOB} holds); user fields as {@code JSON}; buckets as ASCII and keys as {@code
 * VARBINARY(1024)} holding their UTF-8 bytes, so that key comparison is exact (no trailing-space
 * padding, no case folding), a key-prefix query is a byte range on the unique (bucket, key) index,
 * and that index (128 + 1024 bytes) fits InnoDB's 3072-byte key limit for every key blobkeep
 * accepts. The choices and their measurements are in {@code docs/mariadb.md}.
 *
 * <p>Write transactions run at {@code SERIALIZABLE}, under which InnoDB reads every row a
 * transaction reads with a shared lock, so that it sees the latest committed row and keeps it until
 * COMMIT. InnoDB's {@code REPEATABLE READ} would read an old snapshot and let a write on a row
 * changed since succeed or match nothing without an error, where PostgreSQL fails it: the engine's
 * read-check-write steps (retiring a key's holder, an in-place write guarded by a version) would
 * loop on the stale snapshot or lose an update. Two transactions that change the same row now end
 * in a deadlock (1213) and the loser runs again, as SQLite's single writer would have ordered them;
 * lock wait timeouts (1205) are reported. Reads outside a transaction (auto-commit) stay consistent
 * reads that take no lock. Galera certification failures (1213 at COMMIT) and InnoDB snapshot
 * conflicts (1020, MariaDB 11.6+) are retried the same way. Thread-safe.
 */
final class MariadbDialect extends Dialect {
  /** The name of the unique (bucket, key) index, whose violation is a publish race. */
  static final String KEY_INDEX = "blobkeep_blobs_key";

  /** The server's current time in epoch milliseconds (of the call, not of the statement). */
  static final String NOW_MILLIS = "CAST(UNIX_TIMESTAMP(SYSDATE(3)) * 1000 AS SIGNED)";

  @Override
  public String nowMillis() {
    return NOW_MILLIS;
  }

  /** Bytes of chunks a sequential read fetches per statement ({@link #readAheadBytes}). */
  static final int READ_AHEAD_BYTES = 4 << 20;

  private static final String TABLE_OPTIONS =
      " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

  /** Longest wait for another process's schema upgrade step. */
  private static final long SCHEMA_LOCK_SECONDS = 60;

  /** Sessions holding the schema lock until their transaction ends. */
  private final Set<Connection> schemaLocked = ConcurrentHashMap.newKeySet();

  /**
   * On a Galera node, sessions whose schema step's statements committed implicitly ({@link
   * #afterUpgradeStatements}): the rest of the step runs in auto-commit mode, unchecked.
   */
  private final Set<Connection> definitionsCommitted = ConcurrentHashMap.newKeySet();

  /** The savepoint that marks, on a Galera node, the transaction {@link #begin} started. */
  private static final String BEGUN = "blobkeep_begun";

  private final Server server;
  private final String database;
  private final Owners owners;
  private final boolean setSession;
  private final boolean galera;

  /**
   * @param server the store's server and database
   * @param owners upload owner liveness
   * @param setSession true if {@link #begin} must set the isolation level itself (a caller's data
   *     source); false if every pooled connection was set up by {@link MariadbSettings}
   * @param galera true if the server is a Galera node ({@link ServerFacts#galera()})
   */
  MariadbDialect(Server server, Owners owners, boolean setSession, boolean galera) {
    this.server = server;
    this.database = quote(server.database());
    this.owners = owners;
    this.setSession = setSession;
    this.galera = galera;
  }

  static String quote(String identifier) {
    return '`' + identifier.replace("`", "``") + '`';
  }

  @Override
  public String name() {
    return "MariaDB";
  }

  @Override
  public String blobsTable() {
    return database + ".blobkeep_blobs";
  }

  @Override
  public String chunksTable() {
    return database + ".blobkeep_chunks";
  }

  @Override
  public String settingsTable() {
    return database + ".blobkeep_settings";
  }

  @Override
  public String bucketsTable() {
    return database + ".blobkeep_buckets";
  }

  /** {@code key} is a reserved word in MariaDB. */
  @Override
  public String keyColumn() {
    return "`key`";
  }

  /**
   * {@code ON DUPLICATE KEY UPDATE c = VALUES(c)}, or {@code INSERT IGNORE} when nothing is updated
   * (it counts 0 rows for a row that exists; {@code ON DUPLICATE KEY UPDATE c = c} would count 1
   * under the driver's found-rows mode). Every table upserted has one unique key, the conflict
   * columns' own.
   */
  @Override
  public String upsert(String insert, String conflictColumns, List<String> updateColumns) {
    if (updateColumns.isEmpty()) {
      return insert.replaceFirst("^INSERT INTO ", "INSERT IGNORE INTO ");
    }
    StringBuilder sql = new StringBuilder(insert).append(" ON DUPLICATE KEY UPDATE ");
    for (int i = 0; i < updateColumns.size(); i++) {
      String column = updateColumns.get(i);
      sql.append(i == 0 ? "" : ", ").append(column).append(" = VALUES(").append(column).append(')');
    }
    return sql.toString();
  }

  /**
   * The same steps as on PostgreSQL, with MariaDB types. MariaDB commits DDL implicitly, so a step
   * is not one transaction here: every statement is idempotent ({@code IF NOT EXISTS}, {@code
   * INSERT IGNORE}) and a step cut short by a crash is run again whole at the next open; steps of
   * processes opening one store at once run one after the other under {@link #lockSchema}.
   */
  @Override
  public List<String> upgrade(int fromVersion) {
    String blobs = blobsTable();
    return switch (fromVersion) {
      case 0 ->
          List.of(
              // With its version row in the same statement: DDL commits by itself, and another
              // process must never see a settings table without a version.
              "CREATE TABLE IF NOT EXISTS "
                  + settingsTable()
                  + " (name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin PRIMARY KEY,"
                  + " value TEXT NOT NULL)"
                  + TABLE_OPTIONS
                  + " SELECT 'schema_version' AS name, '0' AS value",
              "CREATE TABLE IF NOT EXISTS "
                  + blobs
                  + " (id UUID PRIMARY KEY,"
                  + " bucket VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,"
                  + " `key` VARBINARY(1024), size BIGINT NOT NULL, chunk_size INT NOT NULL,"
                  + " sha256 VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin,"
                  + " content_type TEXT NOT NULL, created BIGINT NOT NULL,"
                  + " updated BIGINT NOT NULL,"
                  + " state VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,"
                  + " meta JSON NOT NULL DEFAULT '{}',"
                  + " UNIQUE KEY "
                  + KEY_INDEX
                  + " (bucket, `key`), KEY blobkeep_blobs_bucket (bucket, id))"
                  + TABLE_OPTIONS,
              "CREATE TABLE IF NOT EXISTS "
                  + chunksTable()
                  + " (blob_id UUID NOT NULL, idx BIGINT NOT NULL, crc BIGINT NOT NULL,"
                  + " data LONGBLOB NOT NULL, PRIMARY KEY (blob_id, idx))"
                  + TABLE_OPTIONS);
      case 1 ->
          List.of(
              // v2: in-place writes (a version per blob) and crash cleanup (the uploading owner).
              "ALTER TABLE "
                  + blobs
                  + " ADD COLUMN IF NOT EXISTS version BIGINT NOT NULL DEFAULT 0,"
                  + " ADD COLUMN IF NOT EXISTS owner VARCHAR(255)",
              "CREATE INDEX IF NOT EXISTS blobkeep_blobs_leftovers ON " + blobs + " (state)");
      case 2 ->
          // v3: which chunks hold data (NULL: all); the engine fills it and rewrites CRCs.
          List.of("ALTER TABLE " + blobs + " ADD COLUMN IF NOT EXISTS chunk_map LONGBLOB");
      case 3 -> bucketsAndStagingV4();
      case 4 -> inlineAndLeasesV5();
      // v6: staged blobs' chunk rows move to their new first index, by the engine's rewrite alone
      case 5 -> List.of();
      default -> throw new IllegalArgumentException("no upgrade from version " + fromVersion);
    };
  }

  /**
   * Schema 4: the buckets table, filled from the buckets of the ready blobs; each blob's MD5 and
   * entity tag; an index of staged blobs by age for the garbage collector. Idempotent.
   */
  private List<String> bucketsAndStagingV4() {
    String blobs = blobsTable();
    List<String> v4 = new ArrayList<>();
    v4.add(
        "CREATE TABLE IF NOT EXISTS "
            + bucketsTable()
            + " (name VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin PRIMARY KEY,"
            + " created BIGINT NOT NULL)"
            + TABLE_OPTIONS);
    v4.add(
        "INSERT IGNORE INTO "
            + bucketsTable()
            + " (name, created) SELECT bucket, min(created) FROM "
            + blobs
            + " WHERE state = 'ready' GROUP BY bucket");
    v4.add(
        "ALTER TABLE "
            + blobs
            + " ADD COLUMN IF NOT EXISTS md5 VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin,"
            + " ADD COLUMN IF NOT EXISTS etag VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin");
    v4.add("CREATE INDEX IF NOT EXISTS blobkeep_blobs_staged ON " + blobs + " (state, updated)");
    return v4;
  }

  /**
   * Schema 5: a small blob's one chunk kept in its row ({@code inline_data}, {@code inline_crc}),
   * the lease table, and version 1 for ready blobs allocated under v3 so their entity tag stays put
   * once verify records their SHA-256. The unique (bucket, key) index needs no change: InnoDB lets
   * NULL keys repeat. Idempotent.
   */
  private List<String> inlineAndLeasesV5() {
    String blobs = blobsTable();
    List<String> v5 = new ArrayList<>();
    v5.add(
        "ALTER TABLE "
            + blobs
            + " ADD COLUMN IF NOT EXISTS inline_data LONGBLOB,"
            + " ADD COLUMN IF NOT EXISTS inline_crc BIGINT");
    v5.addAll(createLeaseTable(server));
    v5.add(
        "UPDATE "
            + blobs
            + " SET version = 1 WHERE version = 0 AND sha256 IS NULL AND state = 'ready'");
    return v5;
  }

  /** Qualified name of the upload-owner lease table ({@link LeaseOwners}). */
  static String leasesTable(Server server) {
    return quote(server.database()) + ".blobkeep_leases";
  }

  /** The lease table, made by schema version 5 ({@link #inlineAndLeasesV5}). */
  static List<String> createLeaseTable(Server server) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + leasesTable(server)
            + " (owner VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin PRIMARY KEY,"
            + " heartbeat BIGINT NOT NULL, expires BIGINT NOT NULL)"
            + TABLE_OPTIONS);
  }

  /**
   * Upload owners as leases in the database's lease table, renewed as {@code options} say: rows
   * replicated to every Galera node, where {@code GET_LOCK} would hold on one node only. The table
   * is made by schema version 5, which every writable open reaches before any upload.
   */
  static LeaseOwners leases(DataSource db, Server server, StoreOptions options) {
    return new LeaseOwners(
        db,
        leasesTable(server),
        NOW_MILLIS,
        options.leaseInterval(),
        options.leaseExpiry(),
        server.location(),
        (e, action, location) -> MariadbErrors.translate(e, action, location, server));
  }

  @Override
  public boolean storeExists(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
      ps.setString(1, server.database());
      ps.setString(2, "blobkeep_settings");
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * {@code JSON_EQUALS(JSON_EXTRACT(meta, path), value)}: JSON equality, so numbers compare as
   * numbers (1 matches 1.0) and strings exactly. A table scan within the query's bucket: MariaDB
   * cannot index a JSON document's arbitrary fields (see docs/mariadb.md).
   */
  @Override
  public Condition fieldEquals(String column, String field, String jsonValue) {
    // Json.checkFieldName keeps '"', '\' and control characters out of names: the path is exact.
    return new Condition(
        "JSON_EQUALS(JSON_EXTRACT(" + column + ", ?), ?) = 1",
        List.of("$.\"" + field + "\"", jsonValue));
  }

  /**
   * A byte range {@code column >= prefix AND column < successor(prefix)} on the key's UTF-8 bytes
   * (their order is code point order), served by the (bucket, key) index.
   */
  @Override
  public Condition startsWith(String column, String prefix) {
    return codePointRange(column, prefix);
  }

  /**
   * A join: MariaDB plans a statement's subqueries at every execution, even those that never run; a
   * small read's statement took 214 microseconds on the server with them, 163 with the join.
   */
  @Override
  public FirstChunkRead firstChunkRead() {
    return FirstChunkRead.JOIN;
  }

  /**
   * True: the join opens and locks the chunks table at every execution, even for an inline blob; a
   * small get's statement without it was 1.09x faster against a {@code LONGBLOB} row's (see
   * blobkeep-bench/RESULTS.md).
   */
  @Override
  public boolean triesRowAloneFirst() {
    return true;
  }

  /**
   * 4 MiB: a statement per 256 KiB chunk made a large get 0.58x a {@code LONGBLOB} row's; runs of
   * 2, 4 and 8 MiB were alike (0.84-0.89x, see docs/mariadb.md).
   */
  @Override
  public int readAheadBytes() {
    return READ_AHEAD_BYTES;
  }

  @Override
  public void setId(PreparedStatement ps, int index, String id) throws SQLException {
    ps.setString(index, id);
  }

  /**
   * Begins a transaction. A pooled session off Galera: START TRANSACTION, and COMMIT or ROLLBACK,
   * leave it in auto-commit mode, which spares the two round trips of switching that off and on
   * again. On a Galera node the session leaves auto-commit mode and the transaction starts with a
   * savepoint that {@link #commit} releases first ({@link #stillTheTransactionBegun}).
   */
  @Override
  public void begin(Connection c) throws SQLException {
    if (!setSession && !galera) {
      try (Statement s = c.createStatement()) {
        s.execute("START TRANSACTION");
      }
      return;
    }
    c.setAutoCommit(false);
    try {
      if (setSession && c.getTransactionIsolation() != Connection.TRANSACTION_SERIALIZABLE) {
        c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      }
      if (galera) {
        try (Statement s = c.createStatement()) {
          s.execute("SAVEPOINT " + BEGUN);
        }
      }
    } catch (SQLException | RuntimeException e) {
      // no transaction to end: a caller's connection goes back as it came (a pooled one would be
      // reset by the pool)
      try {
        c.setAutoCommit(true);
      } catch (SQLException restore) {
        e.addSuppressed(restore);
      }
      throw e;
    }
  }

  /**
   * On a Galera node, fails with a deadlock (1213, run again) unless the transaction is still the
   * one {@link #begin} started. A write replicated from another node that conflicts with the
   * transaction's locks rolls it back (a brute-force abort), and MariaDB 10.11.19 does not always
   * tell the statement then running (a bulk batch, {@link #afterBatch}; by the likely path of a CI
   * failure of the kill test, a {@code SELECT}). In auto-commit mode every statement after that ran
   * on its own and stayed committed: a publish without the rows of its last batch, or a key's
   * holder retired for a put that then failed. Out of auto-commit mode they run in a new
   * transaction, which has no savepoint: releasing it fails, the caller rolls that transaction
   * back, and nothing of the attempt remains. Not for a schema step whose statements (DDL)
   * committed implicitly, savepoint and all ({@link #afterUpgradeStatements}); not for an abort
   * during the release or between it and the COMMIT that reports no error either.
   */
  private void stillTheTransactionBegun(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("RELEASE SAVEPOINT " + BEGUN);
    } catch (SQLException e) {
      if (MariadbErrors.code(e) != MariadbErrors.SAVEPOINT_DOES_NOT_EXIST) {
        throw e;
      }
      throw new SQLException(
          "the transaction was rolled back before COMMIT without an error to the statements"
              + " after it (a write from another Galera node conflicted with it: a brute-force"
              + " abort); what ran after it is rolled back now, to run again",
          "40001",
          MariadbErrors.DEADLOCK,
          e);
    }
  }

  /**
   * On a Galera node, where a step's transaction runs out of auto-commit mode: its DDL committed
   * implicitly, and with it {@link #begin}'s savepoint; the rest of the step (the engine's rewrite
   * of rows, the version) runs in auto-commit mode, one statement at a time, as it does off Galera,
   * rather than as one transaction whose write set, for a rewrite of every chunk row, could pass
   * {@code wsrep_max_ws_size}. A step without statements (5 to 6) keeps its transaction and the
   * check at COMMIT.
   */
  @Override
  public void afterUpgradeStatements(Connection c) throws SQLException {
    if (galera) {
      definitionsCommitted.add(c);
      c.setAutoCommit(true);
    }
  }

  /**
   * {@code GET_LOCK} on the database's name, held by the session until the step commits or rolls
   * back. Per server: two processes upgrading one store through different Galera nodes at once are
   * not ordered (open a store for the first time through one node).
   */
  @Override
  public void lockSchema(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
      ps.setString(1, schemaLockName());
      ps.setLong(2, SCHEMA_LOCK_SECONDS);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getInt(1) != 1) {
          throw new SQLException(
              "waited "
                  + SCHEMA_LOCK_SECONDS
                  + " s for lock "
                  + schemaLockName()
                  + " that another process upgrading the store holds",
              "HY000",
              MariadbErrors.LOCK_WAIT_TIMEOUT);
        }
      }
    }
    schemaLocked.add(c);
  }

  @Override
  public void commit(Connection c) throws SQLException {
    try {
      if (galera && !definitionsCommitted.contains(c)) {
        stillTheTransactionBegun(c);
      }
      end(c, "COMMIT");
    } finally {
      definitionsCommitted.remove(c);
      releaseSchemaLock(c);
    }
  }

  @Override
  public void rollback(Connection c) throws SQLException {
    try {
      end(c, "ROLLBACK");
    } finally {
      definitionsCommitted.remove(c);
      releaseSchemaLock(c);
    }
  }

  /**
   * On a Galera node, fails with a deadlock (1213, run again) if the transaction is no longer open.
   * A write replicated from another node that conflicts with the transaction's locks aborts it (a
   * brute-force abort); when that happened while Connector/J's batch ran as one bulk command, the
   * batch still reported success (MariaDB 10.11.19, Connector/J 3.5.11), the transaction was gone,
   * and the COMMIT that followed committed nothing and reported success: a put was acknowledged and
   * stored nowhere (GaleraTest). One round trip per batch; none elsewhere. On a Galera node the
   * store now sends a batch's rows as statements ({@link #batchesMayApplyInPart}); this still
   * catches an abort that came after the last of them (GaleraBulkAbortProbe#insertBatches: the read
   * itself failed with 1213). Out of auto-commit mode, as the store's transactions on a Galera node
   * run, a read of 1 no longer proves that the transaction is the one begun (rows after an abort
   * start a new one): the savepoint released at {@link #commit} does.
   */
  @Override
  public void afterBatch(Connection c) throws SQLException {
    if (!galera) {
      return;
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@in_transaction")) {
      if (rs.next() && rs.getInt(1) == 1) {
        return;
      }
    }
    throw new SQLException(
        "the transaction was rolled back during a batch, which did not report it: a write from"
            + " another Galera node conflicted with it (brute-force abort); to run again",
        "40001",
        MariadbErrors.DEADLOCK);
  }

  /**
   * On a Galera node: a brute-force abort committed the rows after it of a bulk {@code UPDATE}
   * batch, and of a bulk {@code INSERT} batch that the driver sent as several commands (64 rows of
   * 1 MiB) (GaleraBulkAbortProbe#updateBatches, #insertBatches).
   */
  @Override
  public boolean batchesMayApplyInPart() {
    return galera;
  }

  /**
   * Ends what {@link #begin} started: by statement on a pooled session off Galera, else through
   * JDBC, back to auto-commit mode.
   */
  private void end(Connection c, String how) throws SQLException {
    if (setSession || galera) {
      if (definitionsCommitted.contains(c) && c.getAutoCommit()) {
        return; // a schema step's rows after its DDL: committed one by one
      }
      if (how.equals("COMMIT")) {
        super.commit(c);
      } else {
        super.rollback(c);
      }
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute(how);
    }
  }

  private void releaseSchemaLock(Connection c) throws SQLException {
    if (schemaLocked.remove(c)) {
      try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
        ps.setString(1, schemaLockName());
        ps.executeQuery().close();
      }
    }
  }

  private String schemaLockName() {
    return "blobkeep schema " + server.database();
  }

  @Override
  public boolean isRetryable(SQLException e) {
    return MariadbErrors.isRetryable(e);
  }

  @Override
  public boolean isConnectionLost(SQLException e) {
    return super.isConnectionLost(e) || MariadbErrors.isConnectionLost(e);
  }

  @Override
  public BlobkeepException translate(SQLException e, String action, String location) {
    return MariadbErrors.translate(e, action, location, server);
  }

  @Override
  public String ownBackups() {
    return "mariadb-backup, mariadb-dump or a replica";
  }

  @Override
  public Owners owners() {
    return owners;
  }
}
