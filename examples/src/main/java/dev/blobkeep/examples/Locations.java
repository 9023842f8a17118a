package dev.blobkeep.examples;

import java.io.IOException;
import java.nio.file.Files;

/** Where an example keeps its store: the first argument, else a new file in a temp folder. */
final class Locations {
  private Locations() {}

  static String store(String[] args, String name) throws IOException {
    if (args.length > 0) {
      return args[0];
    }
    return Files.createTempDirectory("blobkeep-example-").resolve(name + ".db").toString();
  }

  /** A JDBC URL for the same database, for the application's own tables. */
  static String jdbcUrl(String location) {
    return location.startsWith("jdbc:") ? location : "jdbc:sqlite:" + location;
  }
}
