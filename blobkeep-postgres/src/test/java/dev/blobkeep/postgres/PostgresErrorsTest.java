package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.JdbcUrls;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.PgServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures caused for real: each is one line that names the server (never the password) and what to
 * do, and leaves stored data unchanged.
 */
@ExtendWith(PgAvailable.class)
class PostgresErrorsTest {
  private static final String SECRET = "hunter2-never-printed";
  private static final String SERVER = JdbcUrls.server(PgServer.URL);

  private final List<String> roles = new ArrayList<>();
  private PgFixture fixture;

  @BeforeEach
  void server() {
    fixture = new PgFixture();
  }

  @AfterEach
  void cleanUp() {
    fixture.close();
    for (String role : roles) {
      PgServer.exec("DROP OWNED BY " + role, "DROP ROLE IF EXISTS " + role);
    }
  }

  @Test
  void aBackupIsRefusedNamingTheDatabasesOwnToolsAndWritesNothing(@TempDir Path dir) {
    Path target = dir.resolve("copy.db");
    try (BlobStore store = fixture.open(options())) {
      assertThatThrownBy(() -> store.backupTo(target))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("is on PostgreSQL, whose backups are the database's own")
          .hasMessageContaining("pg_dump, pg_basebackup or a standby")
          .hasMessageContaining("blobkeep copy --to FILE");
    }
    assertThat(target).doesNotExist();
  }

  @Test
  void unreachableServerIsNamedWithWhatToDo() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free once closed: nothing listens there
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/test?user=postgres&password=" + SECRET;
    assertThatThrownBy(() -> BlobStore.open(url, options()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("127.0.0.1:" + port + "/test")
        .hasMessageContaining("connection refused")
        .hasMessageContaining("check that PostgreSQL is running there")
        .satisfies(PostgresErrorsTest::isOneLineWithoutPassword);
  }

  @Test
  void unknownUserIsRefusedWithWhatToCheck() {
    String user = "bk_nobody_" + fixture.schema().substring(8);
    assertThatThrownBy(() -> BlobStore.open(withSecret(PgServer.urlAs(user)), options()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("server " + SERVER + " refused user " + user)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("pg_hba.conf")
        .satisfies(PostgresErrorsTest::isOneLineWithoutPassword);
  }

  @Test
  void userThatMayNotLogInIsRefused() {
    String role = role("NOLOGIN");
    assertThatThrownBy(() -> BlobStore.open(withSecret(PgServer.urlAs(role)), options()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("refused user " + role)
        .hasMessageContaining("not permitted to log in")
        .satisfies(PostgresErrorsTest::isOneLineWithoutPassword);
  }

  @Test
  void missingDatabaseIsNamed() {
    String url = withSecret(PgServer.URL.replaceFirst("/test\\?", "/bk_no_such_db?"));
    assertThatThrownBy(() -> BlobStore.open(url, options()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(
            "database bk_no_such_db does not exist on server " + JdbcUrls.authority(PgServer.URL))
        .hasMessageContaining("CREATE DATABASE bk_no_such_db")
        .satisfies(PostgresErrorsTest::isOneLineWithoutPassword);
  }

  @Test
  void userWithoutPrivilegesOnTheStoreIsToldWhatToGrant() throws Exception {
    try (BlobStore admin = fixture.open(options())) {
      admin.put(new byte[] {1, 2, 3}, PutOptions.at("b", "k"));
    }
    String role = role("LOGIN");
    assertThatThrownBy(() -> BlobStore.open(PgServer.urlAs(role), options()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("permission denied for schema " + fixture.schema())
        .hasMessageContaining("grant " + role + " USAGE on schema " + fixture.schema())
        .hasMessageContaining("SELECT, INSERT, UPDATE, DELETE on its tables")
        .satisfies(PostgresErrorsTest::isOneLineWithoutPassword);
    assertThat(count("SELECT count(*) FROM " + fixture.table("blobs"))).isEqualTo(1);
  }

  @Test
  void userWhoMayNotCreateSchemasIsToldWhatToGrant() throws Exception {
    String role = role("LOGIN");
    assertThatThrownBy(() -> BlobStore.open(PgServer.urlAs(role), options()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("permission denied for database test")
        .hasMessageContaining("grant CREATE on database test to " + role)
        .hasMessageContaining("have an administrator create schema " + fixture.schema())
        .satisfies(PostgresErrorsTest::isOneLineWithoutPassword);
    assertThat(
            count("SELECT count(*) FROM pg_namespace WHERE nspname = '" + fixture.schema() + "'"))
        .isZero();
  }

  @Test
  void userGrantedOnlyASchemaCanCreateAndUseTheStore() {
    String role = role("LOGIN");
    PgServer.exec(
        "CREATE SCHEMA " + fixture.schema(),
        "GRANT USAGE, CREATE ON SCHEMA " + fixture.schema() + " TO " + role);
    try (BlobStore s = BlobStore.open(PgServer.urlAs(role), options())) {
      s.put(new byte[] {4, 5}, PutOptions.at("b", "k"));
      assertThat(s.getBytes(BlobRef.key("b", "k"))).containsExactly(4, 5);
    }
  }

  @Test
  void aConnectionTerminatedMidUploadIsReplacedAndTheUploadCompletes() throws Exception {
    String app = fixture.schema();
    String url = PgServer.URL + "&ApplicationName=" + app;
    try (BlobStore store = BlobStore.open(url, options())) {
      store.put(new byte[] {9}, PutOptions.at("b", "before"));
      TerminatingStream terminating = new TerminatingStream(fixture.table("chunks"), app);
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      java.security.DigestInputStream digesting =
          new java.security.DigestInputStream(terminating, sha);
      // The staging transaction whose session was ended never reached COMMIT: it runs again on
      // another connection, and the upload goes on.
      dev.blobkeep.BlobInfo info = store.put(digesting, PutOptions.at("b", "k"));
      assertThat(terminating.terminated()).as("the session was really terminated").isTrue();
      assertThat(info.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(sha.digest()));
      assertThat(store.verify(info.ref()).ok()).isTrue();
      assertThat(count("SELECT count(*) FROM " + fixture.table("blobs"))).isEqualTo(2);
    }
  }

  @Test
  void nulInAUserFieldIsRefusedAndNothingIsStored() throws Exception {
    try (BlobStore store = fixture.open(options())) {
      assertThatThrownBy(
              () -> store.put(new byte[] {1}, PutOptions.at("b", "k").meta("note", "a\0b")))
          // Refused before the server is asked: jsonb cannot hold U+0000, so no backend may.
          .isInstanceOf(dev.blobkeep.InvalidArgumentException.class)
          .hasMessage(
              "user field 'note' contains U+0000 at index 1, which not every backend can store")
          .satisfies(PostgresErrorsTest::isOneLineWithoutPassword);
      assertThat(count("SELECT count(*) FROM " + fixture.table("blobs"))).isZero();
    }
  }

  /**
   * After 5 MiB (one batch of chunks committed), locks the chunks table so the next batch waits,
   * terminates the waiting session from another connection, then releases the lock.
   */
  private static final class TerminatingStream extends InputStream {
    private static final long TRIGGER = 5L << 20;
    private static final long TOTAL = 12L << 20;
    private final String chunks;
    private final String app;
    private long position;
    private CompletableFuture<Void> terminator;
    private volatile boolean killed;

    TerminatingStream(String chunks, String app) {
      this.chunks = chunks;
      this.app = app;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= TOTAL) {
        return -1;
      }
      if (position >= TRIGGER && terminator == null) {
        terminator = lockAndTerminate();
      }
      int n = (int) Math.min(len, TOTAL - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) (position + i | 1);
      }
      position += n;
      return n;
    }

    /** True once the terminator ended the waiting upload's session. */
    boolean terminated() throws Exception {
      if (terminator != null) {
        terminator.get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
      return killed;
    }

    private CompletableFuture<Void> lockAndTerminate() {
      try {
        Connection locker = PgServer.admin();
        locker.setAutoCommit(false);
        try (Statement s = locker.createStatement()) {
          s.execute("LOCK TABLE " + chunks + " IN EXCLUSIVE MODE");
        }
        return CompletableFuture.runAsync(() -> terminateWaiter(locker));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private void terminateWaiter(Connection locker) {
      try (locker;
          Statement s = locker.createStatement()) {
        for (int i = 0; i < 500; i++) {
          try (ResultSet rs =
              s.executeQuery(
                  "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                      + " WHERE application_name = '"
                      + app
                      + "' AND wait_event_type = 'Lock'")) {
            rs.next();
            if (rs.getLong(1) > 0) {
              killed = true;
              break;
            }
          }
          Thread.sleep(20);
        }
        locker.rollback();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private String role(String attributes) {
    String role = "bk_role_" + fixture.schema().substring(8) + "_" + roles.size();
    PgServer.exec("CREATE ROLE " + role + " " + attributes);
    roles.add(role);
    return role;
  }

  private StoreOptions options() {
    return StoreOptions.defaults().schema(fixture.schema()).lockTimeout(Duration.ofSeconds(10));
  }

  private static String withSecret(String url) {
    return url + "&password=" + SECRET;
  }

  private static void isOneLineWithoutPassword(Throwable e) {
    assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("\n");
  }

  private static long count(String sql) throws Exception {
    try (Connection c = PgServer.admin();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
