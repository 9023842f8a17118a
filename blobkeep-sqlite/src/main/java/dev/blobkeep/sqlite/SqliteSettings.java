package dev.blobkeep.sqlite;

import dev.blobkeep.StoreOptions;
import org.sqlite.SQLiteConfig;

/**
 * The pragmas every connection gets, chosen by measurement (README, "SQLite settings"):
 *
 * <ul>
 *   <li>{@code journal_mode=WAL}: readers never block the writer nor it them, and a commit is one
 *       append to the log;
 *   <li>{@code synchronous=FULL} (or {@code NORMAL} when the store is not {@code durable}): FULL
 *       syncs the log on every commit, so a returned write survives power loss;
 *   <li>{@code busy_timeout} = the store's lock timeout: lock waits happen inside SQLite;
 *   <li>{@code page_size=8192} for new files: fewer overflow pages per chunk than 4096;
 *   <li>{@code mmap_size=256 MiB}: reads of hot pages skip a copy through the page cache;
 *   <li>{@code cache_size=-16384} (16 MiB per connection).
 * </ul>
 */
final class SqliteSettings {
  static final int PAGE_SIZE = 8192;
  static final long MMAP_SIZE = 256L * 1024 * 1024;
  static final int CACHE_KIB = 16 * 1024;

  private SqliteSettings() {}

  static SQLiteConfig config(StoreOptions options) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(
        options.durable()
            ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, options.lockTimeout().toMillis()));
    config.setPageSize(PAGE_SIZE);
    config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(MMAP_SIZE));
    config.setCacheSize(-CACHE_KIB);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    return config;
  }
}
