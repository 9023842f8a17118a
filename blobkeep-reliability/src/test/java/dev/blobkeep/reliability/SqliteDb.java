package dev.blobkeep.reliability;

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

/** A new SQLite file in a directory of its own (a new temporary one, or a given one). */
final class SqliteDb implements StoreFixture {
  final Path dir;
  final Path file;
  private final boolean ownsDir;

  /** A store file in a new temporary directory, removed on close. */
  SqliteDb() {
    try {
      dir = Files.createTempDirectory("blobkeep-rel-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    file = dir.resolve("store.db");
    ownsDir = true;
  }

  /** A store file in {@code dir}, whose content is removed on close (the directory stays). */
  SqliteDb(Path dir) {
    this.dir = dir;
    this.file = dir.resolve("store.db");
    this.ownsDir = false;
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
      files
          .sorted(Comparator.reverseOrder())
          .filter(p -> ownsDir || !p.equals(dir))
          .forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
