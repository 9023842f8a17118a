package dev.blobkeep.mariadb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreNotFoundException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.spi.Backend;
import dev.blobkeep.spi.DialectProvider;
import dev.blobkeep.spi.LeaseOwners;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * The MariaDB backend: {@code jdbc:mariadb://host:port/database?user=...} URLs, or a caller's data
 * source whose driver reports {@code MariaDB}. The store's tables live in the URL's database,
 * created at open if missing (unless {@link StoreOptions#create()} is false). Opened stores pool
 * connections with HikariCP ({@code poolSize} connections at most, {@code lockTimeout} to get one),
 * each set up by {@link MariadbSettings}; upload owners are leases in the database's lease table
 * ({@link LeaseOwners}), never {@code GET_LOCK}, which holds on one Galera node only.
 *
 * <p>{@code jdbc:mysql:} locations are not taken: the schema uses MariaDB's {@code UUID} type and
 * {@code JSON_EQUALS}, which MySQL 8 lacks (docs/mariadb.md says what a MySQL dialect would
 * change).
 */
public final class MariadbProvider implements DialectProvider {
  private static final long IDLE_TIMEOUT_MS = 60_000;
  private static final long MIN_TIMEOUT_MS = 250;
  private static final long VALIDATION_TIMEOUT_MS = 5_000;

  @Override
  public boolean supports(String location) {
    return location.regionMatches(true, 0, Server.URL_PREFIX, 0, Server.URL_PREFIX.length());
  }

  @Override
  public boolean supportsProduct(String productName) {
    return "MariaDB".equalsIgnoreCase(productName);
  }

  @Override
  public Backend open(String url, StoreOptions options) {
    Server server = Server.of(url);
    MariaDbDataSource source = dataSource(url);
    ServerFacts facts = prepare(source, url, server, options);
    MariaDbDataSource sessions = dataSource(MariadbSettings.withSession(url, options, facts));
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(poolConfig(sessions, options, server));
    } catch (HikariPool.PoolInitializationException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw MariadbErrors.translate(sql, "opening", server.location(), server);
      }
      throw new StoreException(
          "opening failed on MariaDB store " + server.location() + ": " + e.getMessage(), e);
    }
    try {
      LeaseOwners owners = MariadbDialect.leases(pool, server, options);
      return new Backend(
          pool,
          new MariadbDialect(server, owners, false, facts.galera()),
          server.location(),
          pool::close,
          pool::evictConnection);
    } catch (RuntimeException | Error e) {
      pool.close();
      throw e;
    }
  }

  /**
   * The pool's data source: the URL with server-side prepared statements and bulk batches, each
   * unless it says otherwise. The engine prepares each statement once per pooled connection and
   * keeps it ({@code Statements}); prepared on the server, it is parsed once, where the driver's
   * default sends its text to be parsed at every execution (a small get's statement: 85 against 108
   * microseconds on the server, see docs/mariadb.md). A batch goes as one command ({@code
   * useBulkStmts}): sent statement by statement, the driver's default for an {@code UPDATE} batch,
   * the statements after one that lost a deadlock ran in auto-commit mode, outside the rolled back
   * transaction, and stayed committed ({@code MariadbBatchDeadlockTest}). The store reads no
   * batch's update counts, which a bulk batch does not return.
   */
  static String poolUrl(String url) {
    String pool = url;
    if (!UrlQuery.has(pool, "useServerPrepStmts")) {
      pool = UrlQuery.add(pool, "useServerPrepStmts", "true");
    }
    if (!UrlQuery.has(pool, "useBulkStmts")) {
      pool = UrlQuery.add(pool, "useBulkStmts", "true");
    }
    return pool;
  }

  private static MariaDbDataSource dataSource(String url) {
    try {
      return new MariaDbDataSource(poolUrl(url));
    } catch (SQLException e) {
      throw new StoreException(
          "not a valid MariaDB JDBC URL: " + Server.withoutQuery(url) + ": " + e.getMessage(), e);
    }
  }

  private static HikariConfig poolConfig(DataSource source, StoreOptions options, Server server) {
    long timeout = Math.max(MIN_TIMEOUT_MS, options.lockTimeout().toMillis());
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(source);
    pool.setPoolName("blobkeep " + server.location());
    pool.setMaximumPoolSize(options.poolSize());
    pool.setMinimumIdle(Math.min(2, options.poolSize()));
    pool.setIdleTimeout(IDLE_TIMEOUT_MS);
    pool.setConnectionTimeout(timeout);
    pool.setValidationTimeout(Math.min(VALIDATION_TIMEOUT_MS, timeout));
    pool.setAutoCommit(true);
    pool.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
    return pool;
  }

  @Override
  public Backend wrap(DataSource dataSource, StoreOptions options) {
    Server server;
    try (Connection c = dataSource.getConnection()) {
      server = serverOf(c);
    } catch (SQLException e) {
      throw new StoreException(
          "cannot connect through the given MariaDB data source: " + MariadbErrors.text(e), e);
    }
    ServerFacts facts = prepare(dataSource, null, server, options);
    return new Backend(
        dataSource,
        new MariadbDialect(
            server, MariadbDialect.leases(dataSource, server, options), true, facts.galera()),
        server.location(),
        () -> {},
        c -> {});
  }

  private static Server serverOf(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    String url = md.getURL();
    String database = c.getCatalog();
    if (url != null && url.regionMatches(true, 0, Server.URL_PREFIX, 0, 13)) {
      Server s = Server.of(url);
      return new Server(md.getUserName(), s.hosts(), database == null ? s.database() : database);
    }
    return new Server(md.getUserName(), "data-source", database);
  }

  /**
   * Reads the server's facts and checks them, creating the database if it is missing, {@link
   * StoreOptions#create()} allows it and the store was opened by URL (a caller's data source is the
   * caller's: its database is never created).
   *
   * @param url the URL the store was opened by, or null for a caller's data source
   * @throws StoreNotFoundException if the database is missing and may not be created
   */
  private static ServerFacts prepare(
      DataSource source, String url, Server server, StoreOptions options) {
    try (Connection c = source.getConnection()) {
      ServerFacts facts = ServerFacts.read(c);
      facts.check(options, server);
      return facts;
    } catch (SQLException e) {
      if (MariadbErrors.code(e) != MariadbErrors.UNKNOWN_DATABASE) {
        throw MariadbErrors.translate(e, "opening", server.location(), server);
      }
      if (!options.create() || options.readOnly() || url == null) {
        throw new StoreNotFoundException(server.location());
      }
      return createDatabase(url, server, options);
    }
  }

  /**
   * Checks the server through a session that names no database, then creates the missing one, so
   * that a refused open leaves nothing behind.
   */
  private static ServerFacts createDatabase(String url, Server server, StoreOptions options) {
    try {
      // The caller's own URL without its database: hosts, failover mode (sequential:,
      // load-balance-read:, ...), user, password and parameters kept. (Not the data source's
      // getUrl(), which masks the password.)
      String noDatabase =
          url.replaceFirst("(?i)^(jdbc:mariadb:(?:[a-z_-]+:)?//[^/?]*)/[^?]*", "$1/");
      try (Connection c = new MariaDbDataSource(noDatabase).getConnection();
          Statement s = c.createStatement()) {
        ServerFacts facts = ServerFacts.read(c);
        facts.check(options, server);
        s.execute(
            "CREATE DATABASE IF NOT EXISTS "
                + MariadbDialect.quote(server.database())
                + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return facts;
      }
    } catch (SQLException e) {
      throw MariadbErrors.translate(e, "creating database", server.location(), server);
    }
  }
}
