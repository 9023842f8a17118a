package dev.blobkeep.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing what the workloads made: directories, and SQLite files with their companions. */
final class Scratch {
  private static final String[] SQLITE_SUFFIXES = {"", "-wal", "-shm", "-journal", "-owners"};

  private Scratch() {}

  /** Deletes {@code path} and everything under it; nothing if it does not exist. */
  static void delete(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path + ": " + e.getMessage(), e);
    }
  }

  /** Deletes an SQLite database and its {@code -wal}, {@code -shm} and {@code -owners} files. */
  static void deleteDatabase(Path db) {
    for (String suffix : SQLITE_SUFFIXES) {
      delete(db.resolveSibling(db.getFileName() + suffix));
    }
  }

  /** Bytes in {@code path} and under it. */
  static long size(Path path) throws IOException {
    if (!Files.exists(path)) {
      return 0;
    }
    try (Stream<Path> all = Files.walk(path)) {
      long total = 0;
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isRegularFile(p)) {
          total += Files.size(p);
        }
      }
      return total;
    }
  }
}
