package dev.blobkeep.server;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes ({@link BlobServer#main}, each its own JVM) over one PostgreSQL store, as
 * behind a load balancer: a blob written through one is read through the other at once, a
 * conditional write through one is seen by the other (412 for a stale ETag), and an S3 multipart
 * upload whose parts go to different servers completes ({@link TwoServers#assertSharedStore}).
 * Needs PostgreSQL (skipped without it, failed under {@code CI=true}).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TwoServersTest {
  @TempDir Path dir;
  private final TwoServers servers = new TwoServers();
  private String schema;

  @AfterEach
  void stop() throws Exception {
    servers.close();
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(pgUrl());
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  @Test
  void writesThroughOneServerAreSeenThroughTheOtherAtOnce() throws Exception {
    Backends.open("postgres", dir).close(); // skips, or fails under CI, without a server
    byte[] b = new byte[6];
    new SecureRandom().nextBytes(b);
    schema = "bk_two_" + HexFormat.of().formatHex(b);
    String location = pgUrl() + (pgUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    TwoServers.assertSharedStore(servers.start(location), servers.start(location));
  }

  private static String pgUrl() {
    return System.getenv().getOrDefault("BLOBKEEP_PG_URL", Backends.DEFAULT_PG_URL);
  }
}
