package dev.blobkeep.sqlite;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.StoreFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/** A new SQLite file in a new temporary directory. */
final class SqliteFixture implements StoreFixture {
  final Path dir;
  final Path file;

  SqliteFixture() {
    try {
      dir = Files.createTempDirectory("blobkeep-sqlite-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    file = dir.resolve("store.db");
  }

  @Override
  public BlobStore open(StoreOptions options) {
    return BlobStore.open(location(), options);
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (var s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
    }
    return c;
  }

  @Override
  public String table(String name) {
    return "blobkeep_" + name;
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
