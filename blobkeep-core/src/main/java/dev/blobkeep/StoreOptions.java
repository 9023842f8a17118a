package dev.blobkeep;

import java.time.Duration;
import java.util.function.Consumer;

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
 *   <li>{@code readFrom}: where reads go, the primary (default) or a PostgreSQL standby; see {@link
 *       #readFrom(ReadFrom)}.
 * </ul>
 */
public final class StoreOptions {
  /** The smallest {@link #chunkSize(int)}: 4 KiB. */
  public static final int MIN_CHUNK_SIZE = 4 * 1024;

  /** The largest {@link #chunkSize(int)}: 16 MiB. */
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

  private static final StoreOptions DEFAULTS = new StoreOptions(new Values());

  private final Values values;

  private StoreOptions(Values values) {
    this.values = values;
  }

  /** The settings' values; never changed once a {@link StoreOptions} holds them. */
  private static final class Values implements Cloneable {
    int chunkSize = 256 * 1024;
    int poolSize = 8;
    Duration lockTimeout = Duration.ofSeconds(30);
    String schema = "blobkeep";
    boolean durable = true;
    long memoryMap;
    boolean readOnly;
    boolean create = true;
    int transactionRetries;
    long walSizeLimit = DEFAULT_WAL_SIZE_LIMIT;
    Duration stagedExpiry = DEFAULT_STAGED_EXPIRY;
    Duration leaseInterval = DEFAULT_LEASE_INTERVAL;
    Duration leaseExpiry = DEFAULT_LEASE_EXPIRY;
    ReadFrom readFrom = ReadFrom.PRIMARY;

    Values copy() {
      try {
        return (Values) clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** A copy of these options with {@code change} applied to its values. */
  private StoreOptions with(Consumer<Values> change) {
    Values copy = values.copy();
    change.accept(copy);
    return new StoreOptions(copy);
  }

  /**
   * {@return the defaults}: a writable store, created if missing, no transaction retries; each
   * setting's default is listed above.
   */
  public static StoreOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Bytes per stored chunk of new blobs (default 256 KiB). Existing blobs keep the chunk size they
   * were written with.
   *
   * @param bytes {@value #MIN_CHUNK_SIZE} to {@value #MAX_CHUNK_SIZE}
   * @return a copy of these options with the change
   * @throws InvalidArgumentException naming the value if it is out of range
   */
  public StoreOptions chunkSize(int bytes) {
    if (bytes < MIN_CHUNK_SIZE || bytes > MAX_CHUNK_SIZE) {
      throw new InvalidArgumentException(
          "chunkSize must be " + MIN_CHUNK_SIZE + " to " + MAX_CHUNK_SIZE + " bytes, got " + bytes);
    }
    return with(o -> o.chunkSize = bytes);
  }

  /**
   * Connections the store keeps open (default 8): at most this many operations use the database at
   * once; others wait up to {@link #lockTimeout(Duration)}.
   *
   * @param connections 1 to 1000
   * @return a copy of these options with the change
   * @throws InvalidArgumentException naming the value if it is out of range
   */
  public StoreOptions poolSize(int connections) {
    if (connections < 1 || connections > 1000) {
      throw new InvalidArgumentException("poolSize must be 1 to 1000, got " + connections);
    }
    return with(o -> o.poolSize = connections);
  }

  /**
   * How long an operation waits for a database lock or a pooled connection before failing (default
   * 30 s).
   *
   * @param timeout a positive duration
   * @return a copy of these options with the change
   * @throws InvalidArgumentException if {@code timeout} is null, zero or negative
   */
  public StoreOptions lockTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new InvalidArgumentException("lockTimeout must be positive, got " + timeout);
    }
    return with(o -> o.lockTimeout = timeout);
  }

  /**
   * The PostgreSQL schema holding the store's tables (default {@code blobkeep}); SQLite ignores it.
   *
   * @param schema a plain SQL identifier: a letter or {@code _}, then up to 62 letters, digits or
   *     {@code _}
   * @return a copy of these options with the change
   * @throws InvalidArgumentException naming the value if it is not such an identifier
   */
  public StoreOptions schema(String schema) {
    if (schema == null || !schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
      throw new InvalidArgumentException(
          "schema must be a plain SQL identifier (letters, digits, '_'), got '" + schema + "'");
    }
    return with(o -> o.schema = schema);
  }

  /**
   * Whether every commit survives power loss. True (the default) is SQLite {@code
   * synchronous=FULL}; false survives a process crash only ({@code NORMAL}), which is faster for
   * many small writes.
   *
   * @param durable false to trade power-loss safety for speed
   * @return a copy of these options with the change
   */
  public StoreOptions durable(boolean durable) {
    return with(o -> o.durable = durable);
  }

  /**
   * SQLite reads up to {@code bytes} of the database file through a memory map ({@code PRAGMA
   * mmap_size}) instead of copying pages with read calls: small reads measured 1.5-1.9x faster. Off
   * (0) by default, because with a map an I/O error on the file (a failing disk, a file truncated
   * by another program) raises SIGBUS, which ends the JVM instead of failing one call; stored data
   * survives that like any crash. PostgreSQL ignores it.
   *
   * @param bytes how much of the file is mapped; 0 turns the map off
   * @return a copy of these options with the change
   * @throws InvalidArgumentException if {@code bytes < 0}
   */
  public StoreOptions memoryMap(long bytes) {
    if (bytes < 0) {
      throw new InvalidArgumentException("memoryMap must be >= 0 bytes, got " + bytes);
    }
    return with(o -> o.memoryMap = bytes);
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
   *
   * @param readOnly true to open for reading only
   * @return a copy of these options with the change
   */
  public StoreOptions readOnly(boolean readOnly) {
    return with(o -> o.readOnly = readOnly);
  }

  /**
   * Whether opening a location that holds no store creates one (true, the default). With false the
   * open fails with {@link StoreNotFoundException} ({@code no blobkeep store at LOCATION}) and
   * creates nothing: no SQLite file (nor its {@code -wal}, {@code -shm} or {@code -owners} files),
   * no PostgreSQL schema or table. A read-only open never creates, whatever this says.
   *
   * @param create false to fail instead of creating a store
   * @return a copy of these options with the change
   */
  public StoreOptions create(boolean create) {
    return with(o -> o.create = create);
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
   *
   * @param retries 0 to {@value #MAX_TRANSACTION_RETRIES}
   * @return a copy of these options with the change
   * @throws InvalidArgumentException naming the value if it is out of range
   */
  public StoreOptions transactionRetries(int retries) {
    if (retries < 0 || retries > MAX_TRANSACTION_RETRIES) {
      throw new InvalidArgumentException(
          "transactionRetries must be 0 to " + MAX_TRANSACTION_RETRIES + ", got " + retries);
    }
    return with(o -> o.transactionRetries = retries);
  }

  /**
   * SQLite: the size in bytes the write-ahead log ({@code -wal} file) is brought back to once its
   * content is in the database file (default {@value #DEFAULT_WAL_SIZE_LIMIT}). A large upload
   * grows the log; SQLite truncates it to this size when it starts the log over ({@code
   * journal_size_limit}), and the store's background checkpointer truncates it to zero once it is
   * larger than this and fully copied, when no reader or writer is using it. PostgreSQL ignores it.
   *
   * @param bytes the size the log is brought back to; 0 truncates it to nothing
   * @return a copy of these options with the change
   * @throws InvalidArgumentException if {@code bytes < 0}
   */
  public StoreOptions walSizeLimit(long bytes) {
    if (bytes < 0) {
      throw new InvalidArgumentException("walSizeLimit must be >= 0 bytes, got " + bytes);
    }
    return with(o -> o.walSizeLimit = bytes);
  }

  /**
   * How long a staged blob ({@link Blobs#stage}) may wait for its compose: the garbage collector
   * ({@link BlobStore#gc()}, also run at open) removes staged blobs stored longer ago than this.
   * Default 7 days; zero removes every staged blob at each gc.
   *
   * @param expiry how long a staged blob is kept, zero or more
   * @return a copy of these options with the change
   * @throws InvalidArgumentException if {@code expiry} is null or negative
   */
  public StoreOptions stagedExpiry(Duration expiry) {
    if (expiry == null || expiry.isNegative()) {
      throw new InvalidArgumentException("stagedExpiry must be >= 0, got " + expiry);
    }
    return with(o -> o.stagedExpiry = expiry);
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
   *
   * @param interval how often the lease is renewed, at least 10 ms
   * @param expiry how long a lease lasts after its renewal, more than twice {@code interval}
   * @return a copy of these options with the change
   * @throws InvalidArgumentException naming both values if either is null or they break these
   *     bounds
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
    return with(
        o -> {
          o.leaseInterval = interval;
          o.leaseExpiry = expiry;
        });
  }

  /**
   * Where reads go (default {@link ReadFrom#PRIMARY}). With {@link ReadFrom#STANDBY_PREFERRED} a
   * PostgreSQL store opened on a location opens a second pool, of connections to a standby when one
   * is up ({@code targetServerType=preferSecondary}) and to the primary otherwise, for {@code
   * info}, {@code exists}, {@code list}, {@code get}, {@code getBytes}, {@code openStream} and
   * bucket listings; everything else, and every read inside a transaction, uses the primary. {@link
   * BlobStore#primary()} reads from the primary for one call. A standby replays the primary's
   * changes a moment later, so a read from it may not see a write just made, even by the same
   * thread (no read-your-writes). SQLite, MariaDB and a store over a caller's data source ignore
   * it.
   *
   * @param readFrom where reads go
   * @return a copy of these options with the change
   * @throws InvalidArgumentException if {@code readFrom} is null
   */
  public StoreOptions readFrom(ReadFrom readFrom) {
    if (readFrom == null) {
      throw new InvalidArgumentException("readFrom must be PRIMARY or STANDBY_PREFERRED, got null");
    }
    return with(o -> o.readFrom = readFrom);
  }

  /** {@return where reads go}; see {@link #readFrom(ReadFrom)}. */
  public ReadFrom readFrom() {
    return values.readFrom;
  }

  /** {@return how long a staged blob may wait for its compose before gc removes it} */
  public Duration stagedExpiry() {
    return values.stagedExpiry;
  }

  /**
   * {@return how often an open store renews its owner lease}; see {@link #leases(Duration,
   * Duration)}.
   */
  public Duration leaseInterval() {
    return values.leaseInterval;
  }

  /**
   * {@return how long an owner lease lasts after its renewal}; see {@link #leases(Duration,
   * Duration)}.
   */
  public Duration leaseExpiry() {
    return values.leaseExpiry;
  }

  /** {@return the bytes per stored chunk of new blobs}; see {@link #chunkSize(int)}. */
  public int chunkSize() {
    return values.chunkSize;
  }

  /** {@return the number of connections the store keeps open}; see {@link #poolSize(int)}. */
  public int poolSize() {
    return values.poolSize;
  }

  /**
   * {@return how long an operation waits for a lock or a connection}; see {@link
   * #lockTimeout(Duration)}.
   */
  public Duration lockTimeout() {
    return values.lockTimeout;
  }

  /** {@return the PostgreSQL schema holding the tables}; see {@link #schema(String)}. */
  public String schema() {
    return values.schema;
  }

  /** {@return true if every commit survives power loss}; see {@link #durable(boolean)}. */
  public boolean durable() {
    return values.durable;
  }

  /**
   * {@return the bytes of an SQLite file read through a memory map}, 0 if off; see {@link
   * #memoryMap(long)}.
   */
  public long memoryMap() {
    return values.memoryMap;
  }

  /** {@return true if the store opens for reading only}; see {@link #readOnly(boolean)}. */
  public boolean readOnly() {
    return values.readOnly;
  }

  /**
   * {@return true if a missing store is created at open}: {@link #create(boolean)} and not
   * read-only.
   */
  public boolean create() {
    return values.create && !values.readOnly;
  }

  /**
   * {@return how many times {@code inTransaction} runs its body again after a conflict}; see {@link
   * #transactionRetries(int)}.
   */
  public int transactionRetries() {
    return values.transactionRetries;
  }

  /**
   * {@return the size in bytes SQLite's write-ahead log is brought back to}; see {@link
   * #walSizeLimit(long)}.
   */
  public long walSizeLimit() {
    return values.walSizeLimit;
  }

  @Override
  public String toString() {
    return "StoreOptions{chunkSize="
        + values.chunkSize
        + ", poolSize="
        + values.poolSize
        + ", lockTimeout="
        + values.lockTimeout
        + ", schema="
        + values.schema
        + ", durable="
        + values.durable
        + ", memoryMap="
        + values.memoryMap
        + ", readOnly="
        + values.readOnly
        + ", create="
        + values.create
        + ", transactionRetries="
        + values.transactionRetries
        + ", walSizeLimit="
        + values.walSizeLimit
        + ", stagedExpiry="
        + values.stagedExpiry
        + ", leaseInterval="
        + values.leaseInterval
        + ", leaseExpiry="
        + values.leaseExpiry
        + ", readFrom="
        + values.readFrom
        + "}";
  }
}
