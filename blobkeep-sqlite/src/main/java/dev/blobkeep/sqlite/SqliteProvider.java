package dev.blobkeep.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.spi.Backend;
import dev.blobkeep.spi.Dialect;
import dev.blobkeep.spi.DialectProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite backend: a file path, or a {@code jdbc:sqlite:} URL naming a file. Connections are
 * pooled (HikariCP) and each is set up with {@link SqliteSettings}.
 */
public final class SqliteProvider implements DialectProvider {

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
    if (dir != null && !Files.isDirectory(dir)) {
      throw new InvalidArgumentException(
          "cannot open SQLite store " + file + ": directory " + dir + " does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new InvalidArgumentException(
          "cannot open SQLite store " + file + ": it is a directory");
    }
    try {
      SqliteSettings.createFile(file);
    } catch (SQLException e) {
      throw dialect(file).translate(e, "creating", file.toString());
    }
    SQLiteConfig config = SqliteSettings.config(options);
    SQLiteDataSource sqlite = new PollingDataSource(config, options.lockTimeout());
    sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(sqlite);
    pool.setPoolName("blobkeep-sqlite " + file.getFileName());
    pool.setMaximumPoolSize(options.poolSize());
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(options.lockTimeout().toMillis());
    pool.setAutoCommit(true);
    pool.setConnectionInitSql(SqliteSettings.initSql());
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(pool);
    } catch (HikariPool.PoolInitializationException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw dialect(file).translate(sql, "opening", file.toString());
      }
      throw new StoreException("cannot open SQLite store " + file + ": " + e.getMessage(), e);
    }
    Checkpointer checkpointer = new Checkpointer(ds, file.getFileName().toString());
    return new Backend(
        ds,
        dialect(file, options.durable()),
        file.toString(),
        () -> {
          checkpointer.close();
          ds.close();
        },
        ds::evictConnection);
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
