package dev.blobkeep.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreNotFoundException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.spi.Backend;
import dev.blobkeep.spi.Dialect;
import dev.blobkeep.spi.DialectProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite backend: a file path, or a {@code jdbc:sqlite:} URL naming a file. Connections are
 * pooled (HikariCP) and each is set up with {@link SqliteSettings}. A missing file is created
 * unless {@link StoreOptions#create()} is false; a {@linkplain StoreOptions#readOnly read-only}
 * store's connections are opened with SQLite's read-only flag, and a read-only store with a pool
 * size of 1 (what a short command needs) has one connection and no pool ({@link OneConnection}).
 */
public final class SqliteProvider implements DialectProvider {
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_CANTOPEN = 14;

  @Override
  public boolean supports(String location) {
    String l = location.toLowerCase(Locale.ROOT);
    return l.startsWith("jdbc:sqlite:") || !l.startsWith("jdbc:");
  }

  @Override
  public boolean supportsProduct(String productName) {
    return "SQLite".equalsIgnoreCase(productName);
  }

  @Override
  public Backend open(String location, StoreOptions options) {
    Path file = fileOf(location);
    Path dir = file.toAbsolutePath().getParent();
    if (!options.create() && !Files.isRegularFile(file)) {
      throw new StoreNotFoundException(file.toString()); // checked first: creates nothing
    }
    if (dir != null && !Files.isDirectory(dir)) {
      throw new InvalidArgumentException(
          "cannot open SQLite store " + file + ": directory " + dir + " does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new InvalidArgumentException(
          "cannot open SQLite store " + file + ": it is a directory");
    }
    if (options.create()) {
      try {
        SqliteSettings.createFile(file);
      } catch (SQLException e) {
        throw dialect(file).translate(e, "creating", file.toString());
      }
    }
    if (!options.create() && !options.readOnly() && !holdsStore(file)) {
      throw new StoreNotFoundException(file.toString()); // before WAL mode is set on the file
    }
    if (options.readOnly() && options.poolSize() == 1) {
      OneConnection one;
      try {
        one = readOnly(file, (url, flag) -> oneConnection(url, options, flag));
      } catch (SQLException e) {
        throw dialect(file).translate(e, "opening", file.toString());
      }
      return new Backend(
          one, dialect(file, options.durable()), file.toString(), one::close, one::evict);
    }
    HikariDataSource ds;
    try {
      ds =
          options.readOnly()
              ? readOnly(file, (url, flag) -> pool(file, url, options, flag))
              : pool(file, url(file), options, false);
    } catch (SQLException e) {
      throw dialect(file).translate(e, "opening", file.toString());
    }
    // A read-only store never writes to the log, so it has nothing to copy back.
    Checkpointer checkpointer =
        options.readOnly() ? null : new Checkpointer(ds, file, options.walSizeLimit());
    return new Backend(
        ds,
        dialect(file, options.durable()),
        file.toString(),
        () -> {
          if (checkpointer != null) {
            checkpointer.close();
          }
          ds.close();
        },
        ds::evictConnection);
  }

  /**
   * The connections of a read-only store. Where this user may write the file and its directory, the
   * connections are read-write but {@code query_only}: SQLite refuses any change, and the last one
   * to close removes the {@code -wal} and {@code -shm} files as usual (a connection opened with
   * SQLite's read-only flag creates them, and leaves them behind). Elsewhere they are opened with
   * the read-only flag; SQLite opens a WAL database that way only if its {@code -shm} file exists
   * or can be created: in a directory the user may not write, with no writer running (none left a
   * {@code -shm}), it is opened as {@code immutable} instead, which is exact as long as no {@code
   * -wal} holds commits that are not yet in the database file.
   */
  private static <T> T readOnly(Path file, Opener<T> opener) throws SQLException {
    Path dir = file.toAbsolutePath().getParent();
    if (Files.isWritable(file) && (dir == null || Files.isWritable(dir))) {
      return opener.open(url(file), false);
    }
    try {
      return opener.open(url(file), true);
    } catch (SQLException e) {
      int code = e.getErrorCode() & 0xff;
      Path wal = file.resolveSibling(file.getFileName() + "-wal");
      Path shm = file.resolveSibling(file.getFileName() + "-shm");
      if ((code != SQLITE_READONLY && code != SQLITE_CANTOPEN) || Files.exists(shm)) {
        throw e;
      }
      if (sizeOf(wal) > 0) {
        throw new StoreException(
            "cannot open SQLite store "
                + file
                + " read-only: its write-ahead log "
                + wal.getFileName()
                + " holds commits that were never copied into the database file, and this user"
                + " may not create "
                + shm.getFileName()
                + " to read them; open the store writable once (as a user who may write its"
                + " directory) to fold the log in",
            e);
      }
      return opener.open("jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?immutable=1", true);
    }
  }

  /** Opens the connections of a read-only store: a pool, or {@link OneConnection}. */
  private interface Opener<T> {
    /**
     * @param readOnlyFlag open with SQLite's read-only flag ({@link SqliteSettings#config})
     */
    T open(String url, boolean readOnlyFlag) throws SQLException;
  }

  /** The one connection of a read-only store opened with a pool size of 1. */
  private static OneConnection oneConnection(String url, StoreOptions options, boolean readOnlyFlag)
      throws SQLException {
    SQLiteDataSource sqlite =
        new PollingDataSource(SqliteSettings.config(options, readOnlyFlag), options.lockTimeout());
    sqlite.setUrl(url);
    return new OneConnection(sqlite, SqliteSettings.initSql(options), options.lockTimeout());
  }

  private static long sizeOf(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 1; // cannot tell: assume it holds commits
    }
  }

  private static String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }

  /**
   * @param readOnlyFlag open the connections with SQLite's read-only flag ({@link
   *     SqliteSettings#config})
   */
  private static HikariDataSource pool(
      Path file, String url, StoreOptions options, boolean readOnlyFlag) throws SQLException {
    SQLiteConfig config = SqliteSettings.config(options, readOnlyFlag);
    SQLiteDataSource sqlite = new PollingDataSource(config, options.lockTimeout());
    sqlite.setUrl(url);
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(sqlite);
    pool.setPoolName("blobkeep-sqlite " + file.getFileName());
    pool.setMaximumPoolSize(options.poolSize());
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(options.lockTimeout().toMillis());
    pool.setAutoCommit(true);
    pool.setReadOnly(readOnlyFlag); // as opened: sqlite-jdbc cannot change it afterwards
    pool.setConnectionInitSql(SqliteSettings.initSql(options));
    try {
      return new HikariDataSource(pool);
    } catch (HikariPool.PoolInitializationException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new StoreException("cannot open SQLite store " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * True if the file holds a blobkeep store, read through a read-only connection so that a file
   * without one is left exactly as it was; true also if that cannot be told (the writable open that
   * follows then reports the problem).
   */
  private static boolean holdsStore(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection c = config.createConnection(url(file))) {
      return new SqliteDialect(null, false).storeExists(c);
    } catch (SQLException e) {
      return true;
    }
  }

  @Override
  public Backend wrap(DataSource dataSource, StoreOptions options) {
    String url;
    try (var c = dataSource.getConnection()) {
      url = c.getMetaData().getURL();
    } catch (SQLException e) {
      throw new StoreException("cannot connect to the SQLite data source: " + e.getMessage(), e);
    }
    Path file = fileOf(url);
    return Backend.borrowed(dataSource, dialect(file), file.toString());
  }

  private static Dialect dialect(Path file) {
    return dialect(file, false);
  }

  /**
   * @param fullSync the connections run {@code synchronous=FULL} (set by this provider); a caller's
   *     data source keeps whatever it has
   */
  private static Dialect dialect(Path file, boolean fullSync) {
    return new SqliteDialect(
        new FileLockOwners(file.resolveSibling(file.getFileName() + "-owners")), fullSync);
  }

  /** The database file a location names. */
  static Path fileOf(String location) {
    String path = location;
    if (path.regionMatches(true, 0, "jdbc:sqlite:", 0, 12)) {
      path = path.substring(12);
    }
    if (path.startsWith("file:")) {
      path = path.substring(5);
    }
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    if (path.isEmpty() || path.equals(":memory:") || path.contains("mode=memory")) {
      throw new InvalidArgumentException(
          "in-memory SQLite databases are not supported (each pooled connection would see its"
              + " own database): give a file path, got '"
              + location
              + "'");
    }
    return Path.of(path);
  }
}
