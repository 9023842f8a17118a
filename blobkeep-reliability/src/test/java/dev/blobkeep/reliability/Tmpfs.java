package dev.blobkeep.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs mounted on a new temporary directory ({@code mount -t tmpfs -o size=NNm}),
 * for filling a disk. Needs root. Closing unmounts it and removes the directory.
 */
final class Tmpfs implements AutoCloseable {
  final Path dir;

  private Tmpfs(Path dir) {
    this.dir = dir;
  }

  /**
   * Mounts a tmpfs of {@code megabytes} MiB.
   *
   * @throws IOException with mount's own words if mounting is not permitted or fails
   */
  static Tmpfs mount(int megabytes) throws IOException {
    Path dir = Files.createTempDirectory("blobkeep-tmpfs-");
    try {
      run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
    } catch (IOException e) {
      Files.deleteIfExists(dir);
      throw e;
    }
    return new Tmpfs(dir);
  }

  /** Grows (or shrinks) the mounted file system to {@code megabytes} MiB, keeping its files. */
  void resize(int megabytes) throws IOException {
    run("mount", "-o", "remount,size=" + megabytes + "m", dir.toString());
  }

  @Override
  public void close() throws IOException {
    try {
      run("umount", dir.toString());
    } catch (IOException e) {
      run("umount", "-l", dir.toString()); // something still holds a file: detach it anyway
    }
    Files.deleteIfExists(dir);
  }

  private static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.exitValue() != 0) {
      List<String> words = new ArrayList<>(List.of(command));
      throw new IOException(
          String.join(" ", words) + " failed (exit " + p.exitValue() + "): " + output);
    }
  }
}
