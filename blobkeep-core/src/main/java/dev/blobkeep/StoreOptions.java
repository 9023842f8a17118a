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
 * </ul>
 */
public final class StoreOptions {
  public static final int MIN_CHUNK_SIZE = 4 * 1024;
  public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;
  private static final StoreOptions DEFAULTS =
      new StoreOptions(256 * 1024, 8, Duration.ofSeconds(30), "blobkeep", true);

  private final int chunkSize;
  private final int poolSize;
  private final Duration lockTimeout;
  private final String schema;
  private final boolean durable;

  private StoreOptions(
      int chunkSize, int poolSize, Duration lockTimeout, String schema, boolean durable) {
    this.chunkSize = chunkSize;
    this.poolSize = poolSize;
    this.lockTimeout = lockTimeout;
    this.schema = schema;
    this.durable = durable;
  }

  public static StoreOptions defaults() {
    return DEFAULTS;
  }

  public StoreOptions chunkSize(int bytes) {
    if (bytes < MIN_CHUNK_SIZE || bytes > MAX_CHUNK_SIZE) {
      throw new InvalidArgumentException(
          "chunkSize must be " + MIN_CHUNK_SIZE + " to " + MAX_CHUNK_SIZE + " bytes, got " + bytes);
    }
    return new StoreOptions(bytes, poolSize, lockTimeout, schema, durable);
  }

  public StoreOptions poolSize(int connections) {
    if (connections < 1 || connections > 1000) {
      throw new InvalidArgumentException("poolSize must be 1 to 1000, got " + connections);
    }
    return new StoreOptions(chunkSize, connections, lockTimeout, schema, durable);
  }

  public StoreOptions lockTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new InvalidArgumentException("lockTimeout must be positive, got " + timeout);
    }
    return new StoreOptions(chunkSize, poolSize, timeout, schema, durable);
  }

  public StoreOptions schema(String schema) {
    if (schema == null || !schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
      throw new InvalidArgumentException(
          "schema must be a plain SQL identifier (letters, digits, '_'), got '" + schema + "'");
    }
    return new StoreOptions(chunkSize, poolSize, lockTimeout, schema, durable);
  }

  public StoreOptions durable(boolean durable) {
    return new StoreOptions(chunkSize, poolSize, lockTimeout, schema, durable);
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
        + "}";
  }
}
