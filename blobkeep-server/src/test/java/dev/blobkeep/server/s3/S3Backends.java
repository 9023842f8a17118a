package dev.blobkeep.server.s3;

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
 * The databases the S3 tests run on: a temporary SQLite file, and PostgreSQL ({@code
 * BLOBKEEP_PG_URL}, default the local test server) in a schema of its own, dropped afterwards. An
 * unreachable server skips the PostgreSQL runs, or fails them under {@code CI=true}.
 */
final class S3Backends {
  static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final SecureRandom RANDOM = new SecureRandom();

  private S3Backends() {}

  static Stream<String> names() {
    return Stream.of("sqlite", "postgres");
  }

  /**
   * A fresh store and what removes it; {@code url} reaches its database over JDBC, where the
   * store's tables are in {@code schema} (null on SQLite).
   */
  record Backend(BlobStore store, Runnable drop, String url, String schema)
      implements AutoCloseable {
    @Override
    public void close() {
      store.close();
      drop.run();
    }
  }

  /** A fresh store that is not durable (faster: no flush per commit). */
  static Backend open(String name, Path dir) {
    return open(name, dir, false);
  }

  /** A fresh store, {@link StoreOptions#durable(boolean)} as asked. */
  static Backend open(String name, Path dir, boolean durable) {
    if (name.equals("sqlite")) {
      Path file = dir.resolve("blobs.db");
      return new Backend(
          BlobStore.open(file.toString(), StoreOptions.defaults().durable(durable)),
          () -> {},
          "jdbc:sqlite:" + file,
          null);
    }
    String url = System.getenv().getOrDefault("BLOBKEEP_PG_URL", DEFAULT_PG_URL);
    try (Connection c = DriverManager.getConnection(url)) {
      // reachable
    } catch (SQLException e) {
      String why = "PostgreSQL at " + url + " is unreachable: " + e.getMessage();
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    String schema = "bk_s3_" + HexFormat.of().formatHex(b);
    BlobStore store = BlobStore.open(url, StoreOptions.defaults().schema(schema).durable(durable));
    return new Backend(
        store,
        () -> {
          try (Connection c = DriverManager.getConnection(url);
              Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
          } catch (SQLException e) {
            throw new IllegalStateException("dropping schema " + schema + ": " + e.getMessage(), e);
          }
        },
        url,
        schema);
  }
}
