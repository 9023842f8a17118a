package dev.blobkeep;

import java.time.Duration;

/**
 * Settings of a store. Immutable; every setter-style method returns a copy. The defaults were
 * chosen by measurement (see the README's benchmark section).
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
 * </ul>
 */
public final class StoreOptions {
  public static final int MIN_CHUNK_SIZE = 4 * 1024;
  public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;
  private static final StoreOptions DEFAULTS =
      new StoreOptions(256 * 1024, 8, Duration.ofSeconds(30), "blobkeep", true, 0);

  private final int chunkSize;
  private final int poolSize;
  private final Duration lockTimeout;
  private final String schema;
  private final boolean durable;
  private final long memoryMap;

  private StoreOptions(
      int chunkSize,
      int poolSize,
      Duration lockTimeout,
      String schema,
      boolean durable,
      long memoryMap) {
    this.chunkSize = chunkSize;
    this.poolSize = poolSize;
    this.lockTimeout = lockTimeout;
    this.schema = schema;
    this.durable = durable;
    this.memoryMap = memoryMap;
  }

  public static StoreOptions defaults() {
    return DEFAULTS;
  }

  public StoreOptions chunkSize(int bytes) {
    if (bytes < MIN_CHUNK_SIZE || bytes > MAX_CHUNK_SIZE) {
      throw new InvalidArgumentException(
          "chunkSize must be " + MIN_CHUNK_SIZE + " to " + MAX_CHUNK_SIZE + " bytes, got " + bytes);
    }
    return new StoreOptions(bytes, poolSize, lockTimeout, schema, durable, memoryMap);
  }

  public StoreOptions poolSize(int connections) {
    if (connections < 1 || connections > 1000) {
      throw new InvalidArgumentException("poolSize must be 1 to 1000, got " + connections);
    }
    return new StoreOptions(chunkSize, connections, lockTimeout, schema, durable, memoryMap);
  }

  public StoreOptions lockTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new InvalidArgumentException("lockTimeout must be positive, got " + timeout);
    }
    return new StoreOptions(chunkSize, poolSize, timeout, schema, durable, memoryMap);
  }

  public StoreOptions schema(String schema) {
    if (schema == null || !schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
      throw new InvalidArgumentException(
          "schema must be a plain SQL identifier (letters, digits, '_'), got '" + schema + "'");
    }
    return new StoreOptions(chunkSize, poolSize, lockTimeout, schema, durable, memoryMap);
  }

  public StoreOptions durable(boolean durable) {
    return new StoreOptions(chunkSize, poolSize, lockTimeout, schema, durable, memoryMap);
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
    return new StoreOptions(chunkSize, poolSize, lockTimeout, schema, durable, bytes);
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
        + "}";
  }
}
