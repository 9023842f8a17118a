package dev.blobkeep.server;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases every HTTP test runs on: a temporary SQLite file, and a PostgreSQL server ({@code
 * BLOBKEEP_PG_URL}, by default {@value #DEFAULT_PG_URL}) in a schema of its own, dropped
 * afterwards. An unreachable server skips the PostgreSQL runs with the reason, or fails them under
 * {@code CI=true}.
 */
final class Backends {
  static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final String NO_MODULE = "blobkeep-postgres is not on the class path";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static volatile String pgUnreachable;
  private static volatile boolean pgChecked;

  private Backends() {}

  /** The backend names a {@code @ParameterizedClass} runs over. */
  static Stream<String> names() {
    return Stream.of("sqlite", "postgres");
  }

  /** A fresh, empty store for one test, and how to remove it. */
  interface Backend extends AutoCloseable {
    BlobStore store();

    @Override
    void close();
  }

  static Backend open(String name, Path dir) {
    return switch (name) {
      case "sqlite" -> sqlite(dir);
      case "postgres" -> postgres();
      default -> throw new IllegalArgumentException("unknown backend " + name);
    };
  }

  private static Backend sqlite(Path dir) {
    BlobStore store =
        BlobStore.open(dir.resolve("blobs.db").toString(), StoreOptions.defaults().durable(false));
    return backend(store, () -> {});
  }

  private static Backend postgres() {
    String url = System.getenv().getOrDefault("BLOBKEEP_PG_URL", DEFAULT_PG_URL);
    requirePostgres(url);
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    String schema = "bk_server_" + HexFormat.of().formatHex(b);
    BlobStore store = BlobStore.open(url, StoreOptions.defaults().schema(schema).durable(false));
    return backend(
        store,
        () -> {
          try (Connection c = DriverManager.getConnection(url);
              Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
          } catch (SQLException e) {
            throw new IllegalStateException("dropping schema " + schema + ": " + e.getMessage(), e);
          }
        });
  }

  private static void requirePostgres(String url) {
    if (!pgChecked) {
      synchronized (Backends.class) {
        if (!pgChecked) {
          pgUnreachable = reach(url);
          pgChecked = true;
        }
      }
    }
    if (pgUnreachable != null) {
      String why = "PostgreSQL runs skipped: " + pgUnreachable;
      // Without the module there is nothing to run; without the server CI must not pass.
      if ("true".equals(System.getenv("CI")) && !pgUnreachable.equals(NO_MODULE)) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
  }

  /** Null if a connection opens, else why not. */
  private static String reach(String url) {
    try {
      Class.forName("dev.blobkeep.postgres.PostgresProvider");
    } catch (ClassNotFoundException e) {
      return NO_MODULE;
    }
    DriverManager.setLoginTimeout(5);
    try (Connection c = DriverManager.getConnection(url)) {
      return null;
    } catch (SQLException e) {
      return "PostgreSQL at "
          + url.replaceAll("password=[^&]*", "password=***")
          + " is unreachable ("
          + e.getMessage()
          + "); set BLOBKEEP_PG_URL";
    }
  }

  private static Backend backend(BlobStore store, Runnable drop) {
    return new Backend() {
      @Override
      public BlobStore store() {
        return store;
      }

      @Override
      public void close() {
        store.close();
        drop.run();
      }
    };
  }
}
