package dev.blobkeep.spring;

import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.StoreOptions;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code blobkeep.*} properties: where the store is and its {@link StoreOptions}. Each option
 * starts at the store's default; see {@link StoreOptions} for what each one does. Not thread-safe
 * (bound once at start-up).
 */
@ConfigurationProperties("blobkeep")
public class BlobkeepProperties {
  private static final StoreOptions DEFAULTS = StoreOptions.defaults();

  /** Whether to auto-configure a BlobStore. */
  private boolean enabled = true;

  /**
   * File path or JDBC URL of a store of its own (blobs.db, jdbc:sqlite:..., jdbc:postgresql:...).
   * When unset, the store keeps its tables in the application's DataSource and takes part in its
   * Spring transactions; when set, it does neither.
   */
  private String location;

  /** Bytes per stored chunk of new blobs, 4KB to 16MB (default 256KB). */
  private DataSize chunkSize = DataSize.ofBytes(DEFAULTS.chunkSize());

  /** Connections the store keeps open when it has its own location (default 8). */
  private int poolSize = DEFAULTS.poolSize();

  /** How long an operation waits for a database lock or a connection before failing. */
  private Duration lockTimeout = DEFAULTS.lockTimeout();

  /** PostgreSQL schema holding the store's tables (default blobkeep); SQLite ignores it. */
  private String schema = DEFAULTS.schema();

  /** Whether every commit survives power loss (SQLite synchronous=FULL) rather than a crash. */
  private boolean durable = DEFAULTS.durable();

  /** Bytes of an SQLite file read through a memory map; 0 (the default) turns it off. */
  private DataSize memoryMap = DataSize.ofBytes(DEFAULTS.memoryMap());

  /** Open the store for reading only: every write fails and changes nothing. */
  private boolean readOnly = DEFAULTS.readOnly();

  /** Create the store's tables (or SQLite file) if the location holds no store. */
  private boolean create = DEFAULTS.create();

  /** How many times inTransaction runs its body again after a conflict (0 to 100). */
  private int transactionRetries = DEFAULTS.transactionRetries();

  /** SQLite: size the write-ahead log is brought back to once copied (default 64MB). */
  private DataSize walSizeLimit = DataSize.ofBytes(DEFAULTS.walSizeLimit());

  /** Creates the properties at the store's defaults; Spring binds {@code blobkeep.*} onto them. */
  public BlobkeepProperties() {}

  /**
   * The store options these properties describe.
   *
   * @return the options, starting from {@link StoreOptions#defaults()}
   * @throws InvalidArgumentException naming the property and its value if one is out of range
   */
  public StoreOptions toOptions() {
    StoreOptions o = StoreOptions.defaults();
    o = set(o, "chunk-size", chunkSize, x -> x.chunkSize(toInt("chunk-size", chunkSize)));
    o = set(o, "pool-size", poolSize, x -> x.poolSize(poolSize));
    o = set(o, "lock-timeout", lockTimeout, x -> x.lockTimeout(lockTimeout));
    o = set(o, "schema", schema, x -> x.schema(schema));
    o = o.durable(durable).readOnly(readOnly).create(create);
    o = set(o, "memory-map", memoryMap, x -> x.memoryMap(memoryMap.toBytes()));
    o =
        set(
            o,
            "transaction-retries",
            transactionRetries,
            x -> x.transactionRetries(transactionRetries));
    o = set(o, "wal-size-limit", walSizeLimit, x -> x.walSizeLimit(walSizeLimit.toBytes()));
    return o;
  }

  private static StoreOptions set(
      StoreOptions options, String property, Object value, UnaryOperator<StoreOptions> setter) {
    if (value == null) {
      throw new InvalidArgumentException("blobkeep." + property + " is empty");
    }
    try {
      return setter.apply(options);
    } catch (InvalidArgumentException e) {
      throw new InvalidArgumentException(
          "blobkeep." + property + "=" + value + ": " + e.getMessage());
    }
  }

  private static int toInt(String property, DataSize size) {
    long bytes = size.toBytes();
    if (bytes > Integer.MAX_VALUE) {
      throw new InvalidArgumentException(
          "blobkeep."
              + property
              + "="
              + size
              + ": at most "
              + StoreOptions.MAX_CHUNK_SIZE
              + " bytes");
    }
    return (int) bytes;
  }

  /** {@return whether to auto-configure a BlobStore} (default true) */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets {@link #isEnabled()}.
   *
   * @param enabled false to leave the store to the application
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * {@return the store's own location (file path or JDBC URL), or null to use the application's
   * DataSource}
   */
  public String getLocation() {
    return location;
  }

  /**
   * Sets {@link #getLocation()}.
   *
   * @param location a file path or JDBC URL, or null
   */
  public void setLocation(String location) {
    this.location = location;
  }

  /** {@return the bytes per stored chunk of new blobs}; see {@link StoreOptions#chunkSize(int)}. */
  public DataSize getChunkSize() {
    return chunkSize;
  }

  /**
   * Sets {@link #getChunkSize()}.
   *
   * @param chunkSize 4KB to 16MB
   */
  public void setChunkSize(DataSize chunkSize) {
    this.chunkSize = chunkSize;
  }

  /**
   * {@return the number of connections the store keeps open}; see {@link
   * StoreOptions#poolSize(int)}.
   */
  public int getPoolSize() {
    return poolSize;
  }

  /**
   * Sets {@link #getPoolSize()}.
   *
   * @param poolSize 1 to 1000
   */
  public void setPoolSize(int poolSize) {
    this.poolSize = poolSize;
  }

  /**
   * {@return how long an operation waits for a lock or a connection}; see {@link
   * StoreOptions#lockTimeout(Duration)}.
   */
  public Duration getLockTimeout() {
    return lockTimeout;
  }

  /**
   * Sets {@link #getLockTimeout()}.
   *
   * @param lockTimeout a positive duration
   */
  public void setLockTimeout(Duration lockTimeout) {
    this.lockTimeout = lockTimeout;
  }

  /**
   * {@return the PostgreSQL schema holding the tables}; see {@link StoreOptions#schema(String)}.
   */
  public String getSchema() {
    return schema;
  }

  /**
   * Sets {@link #getSchema()}.
   *
   * @param schema a plain SQL identifier
   */
  public void setSchema(String schema) {
    this.schema = schema;
  }

  /**
   * {@return whether every commit survives power loss}; see {@link StoreOptions#durable(boolean)}.
   */
  public boolean isDurable() {
    return durable;
  }

  /**
   * Sets {@link #isDurable()}.
   *
   * @param durable false to trade power-loss safety for speed
   */
  public void setDurable(boolean durable) {
    this.durable = durable;
  }

  /**
   * {@return how much of an SQLite file is read through a memory map}; see {@link
   * StoreOptions#memoryMap(long)}.
   */
  public DataSize getMemoryMap() {
    return memoryMap;
  }

  /**
   * Sets {@link #getMemoryMap()}.
   *
   * @param memoryMap 0 (off) or more
   */
  public void setMemoryMap(DataSize memoryMap) {
    this.memoryMap = memoryMap;
  }

  /**
   * {@return whether the store opens for reading only}; see {@link StoreOptions#readOnly(boolean)}.
   */
  public boolean isReadOnly() {
    return readOnly;
  }

  /**
   * Sets {@link #isReadOnly()}.
   *
   * @param readOnly true to open for reading only
   */
  public void setReadOnly(boolean readOnly) {
    this.readOnly = readOnly;
  }

  /**
   * {@return whether a missing store is created at open}; see {@link StoreOptions#create(boolean)}.
   */
  public boolean isCreate() {
    return create;
  }

  /**
   * Sets {@link #isCreate()}.
   *
   * @param create false to fail instead of creating a store
   */
  public void setCreate(boolean create) {
    this.create = create;
  }

  /**
   * {@return how many times {@code inTransaction} runs its body again after a conflict}; see {@link
   * StoreOptions#transactionRetries(int)}.
   */
  public int getTransactionRetries() {
    return transactionRetries;
  }

  /**
   * Sets {@link #getTransactionRetries()}.
   *
   * @param transactionRetries 0 to {@value StoreOptions#MAX_TRANSACTION_RETRIES}
   */
  public void setTransactionRetries(int transactionRetries) {
    this.transactionRetries = transactionRetries;
  }

  /**
   * {@return the size SQLite's write-ahead log is brought back to}; see {@link
   * StoreOptions#walSizeLimit(long)}.
   */
  public DataSize getWalSizeLimit() {
    return walSizeLimit;
  }

  /**
   * Sets {@link #getWalSizeLimit()}.
   *
   * @param walSizeLimit 0 or more
   */
  public void setWalSizeLimit(DataSize walSizeLimit) {
    this.walSizeLimit = walSizeLimit;
  }
}
