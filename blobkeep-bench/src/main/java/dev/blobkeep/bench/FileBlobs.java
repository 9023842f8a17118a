package dev.blobkeep.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The {@code files} alternatives: one file per blob through Java NIO, named by the blob's number,
 * in one flat folder ({@code 000042}) or a two-level tree ({@code 0/00/000042}: at most 10
 * first-level and 100 second-level folders per parent, 100 files per leaf folder).
 */
final class FileBlobs {
  private final Path root;
  private final boolean tree;

  FileBlobs(Path root, boolean tree) {
    this.root = root;
    this.tree = tree;
  }

  String name() {
    return tree ? "files-tree" : "files";
  }

  Path root() {
    return root;
  }

  Path path(int k) {
    String file = String.format(Locale.ROOT, "%06d", k);
    if (!tree) {
      return root.resolve(file);
    }
    return root.resolve(Integer.toString(k / 10_000))
        .resolve(String.format(Locale.ROOT, "%02d", (k / 100) % 100))
        .resolve(file);
  }

  /** Creates the folders for blobs {@code 0 .. count - 1}. */
  void prepare(int count) throws IOException {
    Files.createDirectories(root);
    if (tree) {
      for (int k = 0; k < count; k += 100) {
        Files.createDirectories(path(k).getParent());
      }
    }
  }

  /** Writes blob {@code k}; with {@code sync}, forces its bytes to the device before returning. */
  void write(int k, byte[] bytes, boolean sync) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            path(k),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      if (sync) {
        ch.force(true);
      }
    }
  }

  byte[] read(int k) throws IOException {
    return Files.readAllBytes(path(k));
  }
}
