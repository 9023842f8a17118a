package dev.blobkeep.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.ReadFrom;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreNotFoundException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.spi.Backend;
import dev.blobkeep.spi.DialectProvider;
import dev.blobkeep.spi.LeaseOwners;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGProperty;

/**
 * The PostgreSQL backend: {@code jdbc:postgresql://host:port/database?user=...} URLs, or a caller's
 * data source whose driver reports {@code PostgreSQL}. Opened stores pool connections with HikariCP
 * ({@code poolSize} connections at most, {@code lockTimeout} to get one), set up by {@link
 * PostgresSettings}; upload owners are leases in the schema's lease table ({@link
 * dev.blobkeep.spi.LeaseOwners}), renewed on pooled connections. The store's tables live in the
 * schema {@link StoreOptions#schema()}, created at open if missing (unless {@link
 * StoreOptions#create()} is false). A read-only store's sessions run with {@code
 * default_transaction_read_only}, so the server refuses writes too.
 */
public final class PostgresProvider implements DialectProvider {
  private static final long IDLE_TIMEOUT_MS = 60_000;
  private static final long MIN_TIMEOUT_MS = 250;
  private static final long VALIDATION_TIMEOUT_MS = 5_000;

  /** Pools of open stores, by location: for tests that check for leaked connections. */
  private static final Map<HikariDataSource, String> POOLS = new ConcurrentHashMap<>();

  @Override
  public boolean supports(String location) {
    return location.regionMatches(true, 0, Server.URL_PREFIX, 0, Server.URL_PREFIX.length());
  }

  @Override
  public boolean supportsProduct(String productName) {
    return "PostgreSQL".equalsIgnoreCase(productName);
  }

  /** A started pool, or the server's failure to start it as a one-line store exception. */
  private static HikariDataSource newPool(HikariConfig config, Server server, String location) {
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw ServerErrors.translate(sql, "opening", location, server);
      }
      throw new StoreException(
          "opening failed on PostgreSQL store " + location + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Backend open(String url, StoreOptions givenOptions) {
    StoreOptions options = withUrlSchema(url, givenOptions);
    Server server = Server.of(url, options.schema());
    String location = server.location();
    HikariDataSource pool = newPool(poolConfig(url, options, location), server, location);
    HikariDataSource reads = null;
    try {
      prepare(pool, server, options);
      LeaseOwners owners = PostgresDialect.leases(pool, server, options);
      if (options.readFrom() == ReadFrom.STANDBY_PREFERRED) {
        HikariConfig config = poolConfig(url, options, location + " reads");
        config.setDataSource(PostgresSettings.reads(url, options));
        reads = newPool(config, server, location);
        POOLS.put(reads, location);
      }
      POOLS.put(pool, location);
      HikariDataSource readPool = reads == null ? pool : reads;
      return new Backend(
          pool,
          new PostgresDialect(server, owners, false),
          location,
          () -> {
            closePool(pool);
            if (readPool != pool) {
              closePool(readPool);
            }
          },
          pool::evictConnection,
          readPool,
          readPool::evictConnection);
    } catch (RuntimeException | Error e) {
      closePool(pool);
      if (reads != null) {
        closePool(reads);
      }
      throw e;
    }
  }

  private static void closePool(HikariDataSource pool) {
    POOLS.remove(pool);
    pool.close();
  }

  private static HikariConfig poolConfig(String url, StoreOptions options, String location) {
    long timeout = Math.max(MIN_TIMEOUT_MS, options.lockTimeout().toMillis());
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(PostgresSettings.pooled(url, options));
    pool.setPoolName("blobkeep " + location);
    pool.setMaximumPoolSize(options.poolSize());
    pool.setMinimumIdle(Math.min(2, options.poolSize()));
    pool.setIdleTimeout(IDLE_TIMEOUT_MS);
    pool.setConnectionTimeout(timeout);
    pool.setValidationTimeout(Math.min(VALIDATION_TIMEOUT_MS, timeout));
    pool.setAutoCommit(true);
    pool.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
    return pool;
  }

  @Override
  public Backend wrap(DataSource dataSource, StoreOptions options) {
    Server server;
    try (Connection c = dataSource.getConnection()) {
      server = serverOf(c.getMetaData(), options);
    } catch (SQLException e) {
      throw new StoreException(
          "cannot connect through the given PostgreSQL data source: " + ServerErrors.text(e), e);
    }
    prepare(dataSource, server, options);
    return new Backend(
        dataSource,
        new PostgresDialect(server, PostgresDialect.leases(dataSource, server, options), true),
        server.location(),
        () -> {},
        c -> {});
  }

  private static Server serverOf(DatabaseMetaData md, StoreOptions options) throws SQLException {
    String url = md.getURL();
    if (url != null && url.regionMatches(true, 0, Server.URL_PREFIX, 0, 16)) {
      String schema = withUrlSchema(url, options).schema();
      Server s = Server.of(url, schema);
      return new Server(md.getUserName(), s.hosts(), s.database(), schema);
    }
    return new Server(
        md.getUserName(), "data-source", md.getConnection().getCatalog(), options.schema());
  }

  /**
   * The options with the schema the URL names, if it does: the first entry of pgjdbc's {@code
   * currentSchema}, taken exactly as written. A URL is more specific than options, and it is the
   * only way to name the schema to {@code BlobStore.open(String)}.
   */
  static StoreOptions withUrlSchema(String url, StoreOptions options) {
    String current = PGProperty.CURRENT_SCHEMA.getOrDefault(Server.parse(url));
    if (current == null || current.isBlank()) {
      return options;
    }
    String schema = current.split(",")[0].trim();
    try {
      return options.schema(schema);
    } catch (InvalidArgumentException e) {
      throw new InvalidArgumentException(
          "currentSchema in the URL must start with a plain SQL identifier (letters, digits,"
              + " '_') naming the store's schema, got '"
              + schema
              + "'");
    }
  }

  /**
   * Checks the server and creates the schema if it is missing and {@link StoreOptions#create()}
   * allows it.
   *
   * @return true if the server is CockroachDB, whose advisory locks are stubs
   * @throws StoreNotFoundException if the schema is missing and may not be created
   */
  private static boolean prepare(DataSource dataSource, Server server, StoreOptions options) {
    try (Connection c = dataSource.getConnection()) {
      String encoding;
      String version;
      boolean schemaExists;
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT current_setting('server_encoding'), version(),"
                  + " EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?)")) {
        ps.setString(1, server.schema());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          encoding = rs.getString(1);
          version = rs.getString(2);
          schemaExists = rs.getBoolean(3);
        }
      }
      if (!"UTF8".equalsIgnoreCase(encoding)) {
        throw new StoreException(
            "database "
                + server.database()
                + " on server "
                + server.hosts()
                + " uses encoding "
                + encoding
                + "; blobkeep needs UTF8: create the database with ENCODING 'UTF8'");
      }
      if (!schemaExists && !options.create()) {
        throw new StoreNotFoundException(server.location());
      }
      if (!schemaExists) {
        // Only when missing: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even if
        // the schema exists, which a role given only a schema does not have.
        try (Statement s = c.createStatement()) {
          s.execute("CREATE SCHEMA IF NOT EXISTS " + PostgresDialect.quote(server.schema()));
        } catch (SQLException e) {
          if (!"23505".equals(ServerErrors.state(e))) {
            throw e; // 23505: another process created it at the same moment
          }
        }
      }
      return version != null && version.toLowerCase(Locale.ROOT).contains("cockroachdb");
    } catch (SQLException e) {
      throw ServerErrors.translate(e, "opening", server.location(), server);
    }
  }

  /** The pools of the stores open at {@code location}, for tests. */
  static List<HikariPoolMXBean> poolsAt(String location) {
    return POOLS.entrySet().stream()
        .filter(e -> e.getValue().equals(location))
        .map(e -> e.getKey().getHikariPoolMXBean())
        .toList();
  }
}
