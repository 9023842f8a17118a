package dev.blobkeep.testkit;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A new SQLite file, {@code store.db}, in a directory of its own: a new temporary one, removed on
 * close, or a given one, emptied on close. Needs the SQLite JDBC driver on the class path. Not
 * thread-safe; the stores it opens are.
 */
public final class SqliteFixture implements StoreFixture {
  private final Path dir;
  private final Path file;
  private final boolean ownsDir;

  /** A store file in a new temporary directory, removed on close. */
  public SqliteFixture() {
    try {
      dir = Files.createTempDirectory("blobkeep-sqlite-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    file = dir.resolve("store.db");
    ownsDir = true;
  }

  /** A store file in {@code dir}, whose content is removed on close (the directory stays). */
  public SqliteFixture(Path dir) {
    this.dir = dir;
    this.file = dir.resolve("store.db");
    this.ownsDir = false;
  }

  /** The directory that holds the store file (and its journal files). */
  public Path dir() {
    return dir;
  }

  /** The store file. */
  public Path file() {
    return file;
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
