package dev.blobkeep.sqlite;

import dev.blobkeep.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The pragmas every connection gets, chosen by measurement (docs/sqlite.md):
 *
 * <ul>
 *   <li>{@code journal_mode=WAL}: readers never block the writer nor it them, and a commit is one
 *       append to the log;
 *   <li>{@code synchronous=FULL} (or {@code NORMAL} when the store is not {@code durable}): FULL
 *       syncs the log on every commit, so a returned write survives power loss;
 *   <li>{@code busy_timeout} = the store's lock timeout: lock waits happen inside SQLite; the
 *       store's own connections replace SQLite's handler, which sleeps up to 100 ms between tries,
 *       with a {@link PollingBusyHandler} that tries every 0.5-2 ms;
 *   <li>{@code page_size=65536} for new files (set before WAL is enabled, see {@link #createFile}):
 *       chunks span 16x fewer overflow pages than at 4096; puts measured 2-3x faster, small-blob
 *       transactions about 2x;
 *   <li>no {@code mmap} unless asked ({@link StoreOptions#memoryMap}): it makes small reads
 *       1.5-1.9x faster, but turns an I/O error into a SIGBUS that kills the JVM;
 *   <li>{@code cache_size=-65536} (64 MiB per connection, allocated as pages are read, so at most
 *       {@code poolSize} x 64 MiB of native memory): the blobs table and the indexes of a store of
 *       100,000 small blobs stay cached, and small reads measured 1.5-1.6x faster than at 16 MiB;
 *   <li>{@code wal_autocheckpoint=16384} pages, a backstop: a background {@link Checkpointer} keeps
 *       the log short without making any commit wait for a checkpoint;
 *   <li>{@code journal_size_limit} = {@link StoreOptions#walSizeLimit} (64 MiB): when a writer
 *       starts the log over, SQLite truncates the {@code -wal} file to this size, and the {@link
 *       Checkpointer} truncates a fully copied log that is larger, so a 2 GiB upload does not leave
 *       a 2 GiB {@code -wal} file behind.
 * </ul>
 */
final class SqliteSettings {
  static final int PAGE_SIZE = 65536;
  static final int CACHE_KIB = 64 * 1024;

  /** Backstop only (1 GiB of log at 64 KiB pages): {@link Checkpointer} does the work. */
  static final int AUTOCHECKPOINT_PAGES = 16384;

  private SqliteSettings() {}

  /** The configuration for {@code options}, a read-only store with SQLite's read-only flag. */
  static SQLiteConfig config(StoreOptions options) {
    return config(options, options.readOnly());
  }

  /**
   * @param readOnlyFlag open with {@code SQLITE_OPEN_READONLY} (a read-only store whose file or
   *     directory this user may not write); a read-only store the user could write gets {@code
   *     query_only} connections instead ({@link #initSql}), which SQLite lets remove their {@code
   *     -wal} and {@code -shm} files on close like any other
   */
  static SQLiteConfig config(StoreOptions options, boolean readOnlyFlag) {
    SQLiteConfig config = new SQLiteConfig();
    if (options.readOnly()) {
      // No journal_mode pragma, which would write to a store not in WAL mode.
      config.setReadOnly(readOnlyFlag);
    } else {
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    }
    config.setSynchronous(
        options.durable()
            ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, options.lockTimeout().toMillis()));
    config.setCacheSize(-CACHE_KIB);
    config.setPragma(SQLiteConfig.Pragma.JOURNAL_SIZE_LIMIT, Long.toString(options.walSizeLimit()));
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    if (options.memoryMap() > 0) {
      config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(options.memoryMap()));
    }
    return config;
  }

  /**
   * Settings sqlite-jdbc has no property for, run on each new pooled connection: the checkpoint
   * backstop, or for a read-only store {@code query_only}, with which SQLite refuses every
   * statement that would change the database.
   */
  static String initSql(StoreOptions options) {
    return options.readOnly()
        ? "PRAGMA query_only = 1"
        : "PRAGMA wal_autocheckpoint = " + AUTOCHECKPOINT_PAGES;
  }

  /**
   * Creates a new database file with {@link #PAGE_SIZE} pages. The page size must be set before the
   * first write, and before WAL mode, which fixes it; an existing file keeps its own.
   */
  static void createFile(Path file) throws SQLException {
    if (Files.exists(file)) {
      return;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement s = c.createStatement()) {
      s.execute("PRAGMA page_size = " + PAGE_SIZE);
      s.execute("VACUUM"); // writes the header with the page size
      s.execute("PRAGMA journal_mode = WAL");
    }
  }
}
