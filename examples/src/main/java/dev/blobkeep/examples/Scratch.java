package dev.blobkeep.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The temporary folder an example works in: made on first use, removed with everything in it when
 * closed, so a run leaves nothing behind in the temp directory. Not thread-safe.
 */
final class Scratch implements AutoCloseable {
  private Path dir;

  /** The folder, made on the first call. */
  Path dir() throws IOException {
    if (dir == null) {
      dir = Files.createTempDirectory("blobkeep-example-");
    }
    return dir;
  }

  /** Where the example keeps its store: the first argument, else {@code NAME.db} in the folder. */
  String store(String[] args, String name) throws IOException {
    return args.length > 0 ? args[0] : dir().resolve(name + ".db").toString();
  }

  /** The second argument as a folder (made if missing), else {@code out} in the scratch folder. */
  Path output(String[] args) throws IOException {
    return Files.createDirectories(args.length > 1 ? Path.of(args[1]) : dir().resolve("out"));
  }

  /** Removes the folder and everything in it, if it was made. */
  @Override
  public void close() throws IOException {
    if (dir == null) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
    dir = null;
  }
}
