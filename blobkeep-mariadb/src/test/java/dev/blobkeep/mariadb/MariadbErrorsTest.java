package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobStore;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreNotFoundException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures a user causes when opening a MariaDB store: one line, naming the server and what to do,
 * never the password, and nothing created.
 */
@ExtendWith(MariaDbAvailable.class)
class MariadbErrorsTest {
  private static final String SECRET = "s3cret-not-to-print";

  private String database;
  private String user;

  @BeforeEach
  void names() {
    database = MariaDbServer.newDatabase();
    user = database.replace("bk_test_", "bk_u_");
  }

  @AfterEach
  void cleanUp() {
    MariaDbServer.exec(
        "DROP USER IF EXISTS '" + user + "'@'%'", "DROP USER IF EXISTS '" + user + "'@'localhost'");
    MariaDbServer.drop(database);
  }

  @Test
  void aBackupIsRefusedNamingTheDatabasesOwnToolsAndWritesNothing(@TempDir Path dir) {
    Path target = dir.resolve("copy.db");
    try (BlobStore store = BlobStore.open(at(database))) {
      assertThatThrownBy(() -> store.backupTo(target))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("is on MariaDB, whose backups are the database's own")
          .hasMessageContaining("mariadb-backup, mariadb-dump or a replica")
          .hasMessageContaining("blobkeep copy --to FILE");
    }
    assertThat(target).doesNotExist();
  }

  @Test
  void unreachableServerIsNamedWithWhatToDo() {
    String url = "jdbc:mariadb://127.0.0.1:1/x?user=root&connectTimeout=2000&password=" + SECRET;
    assertThatThrownBy(() -> BlobStore.open(url))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot connect to server 127.0.0.1:1/x")
        .satisfies(MariadbErrorsTest::isOneLineWithoutPassword);
  }

  @Test
  void wrongPasswordIsRefusedWithoutEchoingIt() {
    MariaDbServer.exec(
        "CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'right'",
        "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'right'");
    String url = at(database).replaceFirst("user=[^&]*", "user=" + user) + "&password=" + SECRET;
    assertThatThrownBy(() -> BlobStore.open(url))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("access denied for user " + user)
        .satisfies(MariadbErrorsTest::isOneLineWithoutPassword);
  }

  @Test
  void userWithoutPrivilegesIsToldWhatToGrant() {
    MariaDbServer.exec(
        "CREATE DATABASE `" + database + "`",
        "CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '" + SECRET + "'",
        "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + SECRET + "'");
    String url = at(database).replaceFirst("user=[^&]*", "user=" + user) + "&password=" + SECRET;
    assertThatThrownBy(() -> BlobStore.open(url))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("grant " + user)
        .satisfies(MariadbErrorsTest::isOneLineWithoutPassword);
  }

  @Test
  void missingDatabaseThatMayNotBeCreatedIsNoStoreAndStaysMissing() throws Exception {
    assertThatThrownBy(() -> BlobStore.open(at(database), StoreOptions.defaults().create(false)))
        .isInstanceOf(StoreNotFoundException.class)
        .hasMessageContaining(database);
    assertThat(databases()).isZero();
  }

  @Test
  void missingDatabaseIsCreatedByAnOpenThatMayCreate() throws Exception {
    try (BlobStore s = BlobStore.open(at(database))) {
      assertThat(s.location()).endsWith("/" + database);
    }
    assertThat(databases()).isOne();
  }

  @Test
  void urlWithoutDatabaseIsRefused() {
    assertThatThrownBy(() -> BlobStore.open("jdbc:mariadb://127.0.0.1:3306?user=root"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "MariaDB URL names no database (expected jdbc:mariadb://host:port/database):"
                + " jdbc:mariadb://127.0.0.1:3306");
  }

  private static String at(String database) {
    return MariaDbServer.urlOf(database);
  }

  private long databases() throws Exception {
    try (Connection c = MariaDbServer.admin();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                    + database
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void isOneLineWithoutPassword(Throwable e) {
    assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("\n");
  }
}
