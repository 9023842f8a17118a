package dev.blobkeep;

import java.time.Duration;

/**
 * Settings of a store. Immutable; every setter-style method returns a copy. The defaults were
 * chosen by measurement (see docs/benchmarks.md).
 *
 * <ul>
 *   <li>{@code chunkSize}: bytes per stored chunk of new blobs, 4 KiB to 16 MiB (default 256 KiB).
 *       Existing blobs keep the chunk size they were written with.
 *   <li>{@code poolSize}: connections kept open (default 8).
 *   <li>{@code lockTimeout}: how long an operation waits for a database lock or a pooled connection
 *       before failing (default 30 s).
 *   <li>{@code schema}: PostgreSQL schema holding the tables (default {@code blobkeep}); SQLite
 *       ignores it.
 *   <li>{@code durable}: true (default) makes every commit survive power loss (SQLite {@code
 *       synchronous=FULL}); false survives a process crash only ({@code NORMAL}), faster for many
 *       small writes.
 *   <li>{@code memoryMap}: bytes of an SQLite file read through a memory map (default 0, off); see
 *       {@link #memoryMap(long)}.
 *   <li>{@code readOnly}: open for reading only (default false); see {@link #readOnly(boolean)}.
 *   <li>{@code create}: create the store if the location holds none (default true); see {@link
 *       #create(boolean)}.
 *   <li>{@code transactionRetries}: how many times {@code inTransaction} runs its body again after
 *       a conflict with a concurrent transaction (default 0); see {@link #transactionRetries(int)}.
 *   <li>{@code leases}: how often a PostgreSQL store renews its upload-owner lease and how long it
 *       lasts (default 5 s and 30 s); see {@link #leases(Duration, Duration)}.
 * </ul>
 */
public final class StoreOptions {
  public static final int MIN_CHUNK_SIZE = 4 * 1024;
  public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;

  /** The default of {@link #walSizeLimit(long)}: 64 MiB. */
  public static final long DEFAULT_WAL_SIZE_LIMIT = 64L * 1024 * 1024;

  /** The default interval of {@link #leases(Duration, Duration)}: 5 s. */
  public static final Duration DEFAULT_LEASE_INTERVAL = Duration.ofSeconds(5);

  /** The default expiry of {@link #leases(Duration, Duration)}: 30 s. */
  public static final Duration DEFAULT_LEASE_EXPIRY = Duration.ofSeconds(30);

  /** The most {@link #transactionRetries(int)} accepts. */
  public static final int MAX_TRANSACTION_RETRIES = 100;

  private static final Duration DEFAULT_STAGED_EXPIRY = Duration.ofDays(7);

  private static final StoreOptions DEFAULTS =
      new StoreOptions(
          256 * 1024,
          8,
          Duration.ofSeconds(30),
          "blobkeep",
          true,
          0,
          false,
          true,
          0,
          DEFAULT_WAL_SIZE_LIMIT,
          DEFAULT_STAGED_EXPIRY,
          DEFAULT_LEASE_INTERVAL,
          DEFAULT_LEASE_EXPIRY);

  private final int chunkSize;
  private final int poolSize;
  private final Duration lockTimeout;
  private final String schema;
  private final boolean durable;
  private final long memoryMap;
  private final boolean readOnly;
  private final boolean create;
  private final int transactionRetries;
  private final long walSizeLimit;
  private final Duration stagedExpiry;
  private final Duration leaseInterval;
  private final Duration leaseExpiry;

  private StoreOptions(
      int chunkSize,
      int poolSize,
      Duration lockTimeout,
      String schema,
      boolean durable,
      long memoryMap,
      boolean readOnly,
      boolean create,
      int transactionRetries,
      long walSizeLimit,
      Duration stagedExpiry,
      Duration leaseInterval,
      Duration leaseExpiry) {
    this.chunkSize = chunkSize;
    this.poolSize = poolSize;
    this.lockTimeout = lockTimeout;
    this.schema = schema;
    this.durable = durable;
    this.memoryMap = memoryMap;
    this.readOnly = readOnly;
    this.create = create;
    this.transactionRetries = transactionRetries;
    this.walSizeLimit = walSizeLimit;
    this.stagedExpiry = stagedExpiry;
    this.leaseInterval = leaseInterval;
    this.leaseExpiry = leaseExpiry;
  }

  /** The defaults: a writable store, created if missing, no transaction retries. */
  public static StoreOptions defaults() {
    return DEFAULTS;
  }

  public StoreOptions chunkSize(int bytes) {
    if (bytes < MIN_CHUNK_SIZE || bytes > MAX_CHUNK_SIZE) {
      throw new InvalidArgumentException(
          "chunkSize must be " + MIN_CHUNK_SIZE + " to " + MAX_CHUNK_SIZE + " bytes, got " + bytes);
    }
    return new StoreOptions(
        bytes,
        poolSize,
        lockTimeout,
        schema,
        durable,
        memoryMap,
        readOnly,
        create,
        transactionRetries,
        walSizeLimit,
        stagedExpiry,
        leaseInterval,
        leaseExpiry);
  }

  public StoreOptions poolSize(int connections) {
    if (connections < 1 || connections > 1000) {
      throw new InvalidArgumentException("poolSize must be 1 to 1000, got " + connections);
    }
    return new StoreOptions(
        chunkSize,
        connections,
        lockTimeout,
        schema,
        durable,
        memoryMap,
        readOnly,
        create,
        transactionRetries,
        walSizeLimit,
        stagedExpiry,
        leaseInterval,
        leaseExpiry);
  }

  public StoreOptions lockTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new InvalidArgumentException("lockTimeout must be positive, got " + timeout);
    }
    return new StoreOptions(
        chunkSize,
        poolSize,
        timeout,
        schema,
        durable,
        memoryMap,
        readOnly,
        create,
        transactionRetries,
        walSizeLimit,
        stagedExpiry,
        leaseInterval,
        leaseExpiry);
  }

  public StoreOptions schema(String schema) {
    if (schema == null || !schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
      throw new InvalidArgumentException(
          "schema must be a plain SQL identifier (letters, digits, '_'), got '" + schema + "'");
    }
    return new StoreOptions(
        chunkSize,
        poolSize,
        lockTimeout,
        schema,
        durable,
        memoryMap,
        readOnly,
        create,
        transactionRetries,
        walSizeLimit,
        stagedExpiry,
        leaseInterval,
        leaseExpiry);
  }

  public StoreOptions durable(boolean durable) {
    return new StoreOptions(
        chunkSize,
        poolSize,
        lockTimeout,
        schema,
        durable,
        memoryMap,
        readOnly,
        create,
        transactionRetries,
        walSizeLimit,
        stagedExpiry,
        leaseInterval,
        leaseExpiry);
  }

  /**
   * SQLite reads up to {@code bytes} of the database file through a memory map ({@code PRAGMA
   * mmap_size}) instead of copying pages with read calls: small reads measured 1.5-1.9x faster. Off
   * (0) by default, because with a map an I/O error on the file (a failing disk, a file truncated
   * by another program) raises SIGBUS, which ends the JVM instead of failing one call; stored data
   * survives that like any crash. PostgreSQL ignores it.
   */
  public StoreOptions memoryMap(long bytes) {
    if (bytes < 0) {
      throw new InvalidArgumentException("memoryMap must be >= 0 bytes, got " + bytes);
    }
    return new StoreOptions(
        chunkSize,
        poolSize,
        lockTimeout,
        schema,
        durable,
        bytes,
        readOnly,
        create,
        transactionRetries,
        walSizeLimit,
        stagedExpiry,
        leaseInterval,
        leaseExpiry);
  }

  /**
   * Opens the store for reading only: {@code get}, {@code info}, {@code list}, {@code exists},
   * {@code verify} and reading channels work; every write fails with {@link ReadOnlyStoreException}
   * and changes nothing. Opening runs no DDL, no upgrade, no garbage collection and registers no
   * upload owner, so it works where the user may only read: an SQLite file opened with SQLite's
   * read-only flag (a file or directory without write permission), a PostgreSQL role granted only
   * USAGE on the schema and SELECT on its tables. The store must exist ({@link
   * StoreNotFoundException} otherwise) and have the current schema: an older one fails with a
   * {@link StoreFormatException} saying to open it writable once to upgrade it. {@link
   * BlobStore#gc()} and {@code inTransaction} fail like writes. A derived value that a read would
   * store (a SHA-256 made stale by in-place writes) is computed and returned but not stored.
   */
  public StoreOptions readOnly(boolean readOnly) {
    return new StoreOptions(
        chunkSize,
        poolSize,
        lockTimeout,
        schema,
        durable,
        memoryMap,
        readOnly,
        create,
        transactionRetries,
        walSizeLimit,
        stagedExpiry,
        leaseInterval,
        leaseExpiry);
  }

  /**
   * Whether opening a location that holds no store creates one (true, the default). With false the
   * open fails with {@link StoreNotFoundException} ({@code no blobkeep store at LOCATION}) and
   * creates nothing: no SQLite file (nor its {@code -wal}, {@code -shm} or {@code -owners} files),
   * no PostgreSQL schema or table. A read-only open never creates, whatever this says.
   */
  public StoreOptions create(boolean create) {
    return new StoreOptions(
        chunkSize,
        poolSize,
        lockTimeout,
        schema,
        durable,
        memoryMap,
        readOnly,
        create,
        transactionRetries,
        walSizeLimit,
        stagedExpiry,
        leaseInterval,
        leaseExpiry);
  }

  /**
   * How many times {@link BlobStore#inTransaction} runs its body again when the transaction
   * conflicts with a concurrent one (PostgreSQL serialization failure 40001 or deadlock 40P01, two
   * uploads published under one key at once, SQLite busy), 0 to {@value #MAX_TRANSACTION_RETRIES};
   * default 0. Each retry follows a randomized pause that doubles from 2 ms up to 100 ms. The body
   * must then be safe to run more than once: everything it did through the store was rolled back,
   * but effects outside the store were not. When the retries are spent (or with 0), the conflict
   * surfaces as a {@link TransactionConflictException}. Operations outside {@code inTransaction}
   * always retry conflicts themselves, within {@code lockTimeout}.
   */
  public StoreOptions transactionRetries(int retries) {
    if (retries < 0 || retries > MAX_TRANSACTION_RETRIES) {
      throw new InvalidArgumentException(
          "transactionRetries must be 0 to " + MAX_TRANSACTION_RETRIES + ", got " + retries);
    }
    return new StoreOptions(
        chunkSize,
        poolSize,
        lockTimeout,
        schema,
        durable,
        memoryMap,
        readOnly,
        create,
        retries,
        walSizeLimit,
        stagedExpiry,
        leaseInterval,
        leaseExpiry);
  }

  /**
   * SQLite: the size in bytes the write-ahead log ({@code -wal} file) is brought back to once its
   * content is in the database file (default {@value #DEFAULT_WAL_SIZE_LIMIT}). A large upload
   * grows the log; SQLite truncates it to this size when it starts the log over ({@code
   * journal_size_limit}), and the store's background checkpointer truncates it to zero once it is
   * larger than this and fully copied, when no reader or writer is using it. PostgreSQL ignores it.
   */
  public StoreOptions walSizeLimit(long bytes) {
    if (bytes < 0) {
      throw new InvalidArgumentException("walSizeLimit must be >= 0 bytes, got " + bytes);
    }
    return new StoreOptions(
        chunkSize,
        poolSize,
        lockTimeout,
        schema,
        durable,
        memoryMap,
        readOnly,
        create,
        transactionRetries,
        bytes,
        stagedExpiry,
        leaseInterval,
        leaseExpiry);
  }

  /**
   * How long a staged blob ({@link Blobs#stage}) may wait for its compose: the garbage collector
   * ({@link BlobStore#gc()}, also run at open) removes staged blobs stored longer ago than this.
   * Default 7 days; zero removes every staged blob at each gc.
   *
   * @throws InvalidArgumentException if {@code expiry} is null or negative
   */
  public StoreOptions stagedExpiry(Duration expiry) {
    if (expiry == null || expiry.isNegative()) {
      throw new InvalidArgumentException("stagedExpiry must be >= 0, got " + expiry);
    }
    return new StoreOptions(
        chunkSize,
        poolSize,
        lockTimeout,
        schema,
        durable,
        memoryMap,
        readOnly,
        create,
        transactionRetries,
        walSizeLimit,
        expiry,
        leaseInterval,
        leaseExpiry);
  }

  /**
   * PostgreSQL: how often an open store renews its upload-owner lease, and how long a lease lasts
   * after its last renewal (defaults 5 s and 30 s). Another store's garbage collector removes a
   * pending upload only once its owner's lease has expired, so after a crash its leftovers stay up
   * to {@code expiry}; a process paused (or cut off from the database) for longer than {@code
   * expiry} has its in-progress uploads collected, and they then fail with nothing visible. The
   * expiry must be more than twice the interval; the interval at least 10 ms. Times are the
   * database server's, so the processes' clocks need not agree. SQLite ignores them (its owners
   * hold file locks).
   */
  public StoreOptions leases(Duration interval, Duration expiry) {
    if (interval == null || expiry == null) {
      throw new InvalidArgumentException(
          "leases needs an interval and an expiry, got " + interval + " and " + expiry);
    }
    if (interval.toMillis() < 10) {
      throw new InvalidArgumentException("lease interval must be >= 10 ms, got " + interval);
    }
    if (expiry.compareTo(interval.multipliedBy(2)) <= 0) {
      throw new InvalidArgumentException(
          "lease expiry must be more than twice the interval, got expiry "
              + expiry
              + " and interval "
              + interval);
    }
    return new StoreOptions(
        chunkSize,
        poolSize,
        lockTimeout,
        schema,
        durable,
        memoryMap,
        readOnly,
        create,
        transactionRetries,
        walSizeLimit,
        stagedExpiry,
        interval,
        expiry);
  }

  /** How long a staged blob may wait for its compose before gc removes it. */
  public Duration stagedExpiry() {
    return stagedExpiry;
  }

  /** How often an open store renews its owner lease; see {@link #leases(Duration, Duration)}. */
  public Duration leaseInterval() {
    return leaseInterval;
  }

  /** How long an owner lease lasts after its renewal; see {@link #leases(Duration, Duration)}. */
  public Duration leaseExpiry() {
    return leaseExpiry;
  }

  public int chunkSize() {
    return chunkSize;
  }

  public int poolSize() {
    return poolSize;
  }

  public Duration lockTimeout() {
    return lockTimeout;
  }

  public String schema() {
    return schema;
  }

  public boolean durable() {
    return durable;
  }

  public long memoryMap() {
    return memoryMap;
  }

  public boolean readOnly() {
    return readOnly;
  }

  /** True if a missing store is created at open: {@link #create(boolean)} and not read-only. */
  public boolean create() {
    return create && !readOnly;
  }

  public int transactionRetries() {
    return transactionRetries;
  }

  public long walSizeLimit() {
    return walSizeLimit;
  }

  @Override
  public String toString() {
    return "StoreOptions{chunkSize="
        + chunkSize
        + ", poolSize="
        + poolSize
        + ", lockTimeout="
        + lockTimeout
        + ", schema="
        + schema
        + ", durable="
        + durable
        + ", memoryMap="
        + memoryMap
        + ", readOnly="
        + readOnly
        + ", create="
        + create
        + ", transactionRetries="
        + transactionRetries
        + ", walSizeLimit="
        + walSizeLimit
        + ", stagedExpiry="
        + stagedExpiry
        + ", leaseInterval="
        + leaseInterval
        + ", leaseExpiry="
        + leaseExpiry
        + "}";
  }
}
