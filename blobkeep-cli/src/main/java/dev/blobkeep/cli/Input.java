package dev.blobkeep.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;

/**
 * A FILE argument to read from: a path, or {@code -} for standard input.
 *
 * @param path the file, or null for standard input
 */
record Input(Path path) {
  static final String STDIN = "-";

  /** Converts {@code -} or a path. */
  static final class Converter implements ITypeConverter<Input> {
    @Override
    public Input convert(String text) {
      return new Input(text.equals(STDIN) ? null : Path.of(text));
    }
  }

  boolean isStdin() {
    return path == null;
  }

  /** The file name, or null for standard input. */
  String fileName() {
    return path == null || path.getFileName() == null ? null : path.getFileName().toString();
  }

  /** The number of bytes to be read if known in advance (a regular file), else -1. */
  long knownLength() throws IOException {
    return path != null && Files.isRegularFile(path) ? Files.size(path) : -1;
  }

  /**
   * Opens the data. Standard input is not closed when the returned stream is.
   *
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException naming the path if it is a directory
   */
  InputStream open(Terminal terminal) throws IOException {
    if (path == null) {
      return new FilterInputStream(terminal.in()) {
        @Override
        public void close() {}
      };
    }
    if (Files.isDirectory(path)) {
      throw new IOException(path + " is a directory, not a file");
    }
    return Files.newInputStream(path);
  }

  /** The argument as given, for messages. */
  @Override
  public String toString() {
    return path == null ? "standard input" : path.toString();
  }
}
