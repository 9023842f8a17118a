package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreFormatException;
import dev.blobkeep.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** Opening SQLite stores: locations, settings, schema versions, things that are not stores. */
class SqliteStoreTest {
  @TempDir Path tmp;

  @Test
  void pathsAndJdbcUrlsOpenTheSameStore() {
    Path file = tmp.resolve("a.db");
    BlobInfo info;
    try (BlobStore store = BlobStore.open(file.toString())) {
      info = store.put(new byte[] {1, 2, 3}, PutOptions.at("b", "k"));
    }
    try (BlobStore store = BlobStore.open("jdbc:sqlite:" + file)) {
      assertThat(store.getBytes(info.ref())).containsExactly(1, 2, 3);
      assertThat(store.location()).isEqualTo(file.toString());
    }
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + file);
    try (BlobStore store = BlobStore.open(ds, StoreOptions.defaults())) {
      assertThat(store.getBytes(BlobRef.key("b", "k"))).containsExactly(1, 2, 3);
    }
  }

  @Test
  void settingsAreAppliedToEveryConnection() throws Exception {
    Path file = tmp.resolve("s.db");
    try (BlobStore store = BlobStore.open(file.toString())) {
      store.put(new byte[] {1});
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      assertThat(pragma(s, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(s, "page_size")).isEqualTo(Integer.toString(SqliteSettings.PAGE_SIZE));
    }
  }

  @Test
  void aMemoryMapIsOnlyUsedWhenAskedFor() throws Exception {
    String url = "jdbc:sqlite:" + tmp.resolve("m.db");
    try (Connection c = SqliteSettings.config(StoreOptions.defaults()).createConnection(url);
        Statement s = c.createStatement()) {
      assertThat(pragma(s, "mmap_size")).isEqualTo("0");
    }
    StoreOptions mapped = StoreOptions.defaults().memoryMap(64 << 20);
    try (Connection c = SqliteSettings.config(mapped).createConnection(url);
        Statement s = c.createStatement()) {
      assertThat(pragma(s, "mmap_size")).isEqualTo(Integer.toString(64 << 20));
    }
    try (BlobStore store = BlobStore.open(tmp.resolve("m.db").toString(), mapped)) {
      BlobInfo info = store.put(new byte[] {4, 5, 6});
      assertThat(store.getBytes(info.ref())).containsExactly(4, 5, 6);
    }
    assertThatThrownBy(() -> StoreOptions.defaults().memoryMap(-1))
        .hasMessage("memoryMap must be >= 0 bytes, got -1");
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedAndLeftUntouched() throws Exception {
    Path file =
        Files.writeString(
            tmp.resolve("notes.db"), "these are my notes, not a database\n".repeat(200));
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> BlobStore.open(file.toString()))
        .isInstanceOf(StoreFormatException.class)
        .hasMessage(file + " is not a blobkeep store: not an SQLite database");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void unusableLocationsAreNamed() {
    Path missing = tmp.resolve("no/such/dir/x.db");
    assertThatThrownBy(() -> BlobStore.open(missing.toString()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "cannot open SQLite store "
                + missing
                + ": directory "
                + missing.getParent()
                + " does not exist");
    assertThatThrownBy(() -> BlobStore.open(tmp.toString()))
        .hasMessage("cannot open SQLite store " + tmp + ": it is a directory");
    assertThatThrownBy(() -> BlobStore.open("jdbc:sqlite::memory:"))
        .hasMessageStartingWith("in-memory SQLite databases are not supported");
    assertThatThrownBy(() -> BlobStore.open("jdbc:mysql://x/y"))
        .hasMessageStartingWith(
            "no blobkeep backend on the class path accepts location 'jdbc:mysql://x/y'");
  }

  @Test
  void aVersionOneStoreIsUpgradedAndKeepsItsBlobs() throws Exception {
    Path file = tmp.resolve("v1.db");
    // Build the version-1 layout exactly as the first release did, with one blob in it.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      for (String sql : new SqliteDialect(null, false).upgrade(0)) {
        s.execute(sql);
      }
      s.execute(
          "INSERT INTO blobkeep_blobs (id, bucket, key, size, chunk_size, sha256, content_type,"
              + " created, updated, state, meta) VALUES ('01890000-0000-7000-8000-000000000001',"
              + " 'old', 'k', 3, 4096,"
              + " '039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81',"
              + " 'text/plain', 1, 1, 'ready', '{\"v\":1}')");
      s.execute(
          "INSERT INTO blobkeep_chunks (blob_id, idx, crc, data) VALUES"
              + " ('01890000-0000-7000-8000-000000000001', 0, 4046516766, x'010203')");
    }
    try (BlobStore store = BlobStore.open(file.toString())) {
      assertThat(store.getBytes(BlobRef.key("old", "k"))).containsExactly(1, 2, 3);
      assertThat(store.verifyAll().ok()).isTrue();
      assertThat(store.list(Query.bucket("old")).items()).hasSize(1);
      store.put(new byte[] {4}, PutOptions.at("old", "k2"));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT value FROM blobkeep_settings WHERE name = 'schema_version'")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("6");
    }
  }

  @Test
  void aStoreSharesItsFileWithTheApplicationsOwnTables() throws Exception {
    Path file = tmp.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
      s.execute("INSERT INTO users VALUES (1, 'ann')");
    }
    try (BlobStore store = BlobStore.open(file.toString())) {
      store.put(new byte[] {1});
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM users")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("ann");
    }
  }

  private static String pragma(Statement s, String name) throws Exception {
    try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
