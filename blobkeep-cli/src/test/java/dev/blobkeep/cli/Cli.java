package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The command line run in-process as a user runs it, through {@link Main#run}, on one store, with
 * captured standard streams. Every run gets {@code --db LOCATION} first.
 */
final class Cli {
  private final Backends.Backend backend;
  private final String location;
  private final Path dir;

  Cli(Backends.Backend backend, String location, Path dir) {
    this.backend = backend;
    this.location = location;
    this.dir = dir;
  }

  /** What one run left behind. */
  record Result(int status, byte[] stdout, String stderr) {
    /** Standard output as UTF-8 text. */
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Standard output's lines. */
    List<String> lines() {
      return out().lines().toList();
    }

    /** Asserts success with nothing on standard error, and returns this. */
    Result ok() {
      assertThat(stderr).as("stderr").isEmpty();
      assertThat(status).as("exit status; stderr: %s", stderr).isZero();
      return this;
    }

    /** Asserts a failure of {@code status} described by exactly one stderr line, and returns it. */
    String failure(int expectedStatus) {
      assertThat(status).as("exit status; stderr: %s", stderr).isEqualTo(expectedStatus);
      assertThat(stderr.lines().toList()).as("stderr lines").hasSize(1);
      assertThat(stderr).startsWith("blobkeep: ").endsWith("\n").doesNotContain("\tat ");
      return stderr.strip();
    }
  }

  Backends.Backend backend() {
    return backend;
  }

  String location() {
    return location;
  }

  /** The test's scratch directory. */
  Path dir() {
    return dir;
  }

  /** Runs {@code blobkeep --db LOCATION args...} with empty standard input. */
  Result run(String... args) {
    return run(new byte[0], args);
  }

  /** Runs with {@code stdin} as standard input. */
  Result run(byte[] stdin, String... args) {
    return execute(stdin, Map.of(), false, withDb(args));
  }

  /** Runs as if a person watched the terminal (progress bars on). */
  Result runInteractive(byte[] stdin, String... args) {
    return execute(stdin, Map.of(), true, withDb(args));
  }

  /**
   * Runs {@code blobkeep args...} without adding {@code --db}, with these environment variables.
   */
  Result runWithEnv(Map<String, String> env, String... args) {
    return execute(new byte[0], env, false, args);
  }

  /** Stores {@code content} with {@code put -} and these options; returns the id. */
  String put(byte[] content, String... options) {
    List<String> args = new ArrayList<>(List.of("put", "-"));
    args.addAll(List.of(options));
    Result result = run(content, args.toArray(String[]::new)).ok();
    assertThat(result.lines()).hasSize(1);
    return result.lines().get(0);
  }

  /** Stores UTF-8 text; see {@link #put(byte[], String...)}. */
  String put(String content, String... options) {
    return put(content.getBytes(StandardCharsets.UTF_8), options);
  }

  /** The bytes {@code get REF} prints. */
  byte[] get(String ref) {
    return run("get", ref).ok().stdout();
  }

  /** Writes a file in the scratch directory and returns its path. */
  Path file(String name, byte[] content) {
    try {
      return Files.write(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Uses the store directly through the public API, for setup the CLI would make slow. */
  void withStore(Consumer<BlobStore> work) {
    try (BlobStore store = BlobStore.open(location)) {
      work.accept(store);
    }
  }

  private String[] withDb(String... args) {
    List<String> all = new ArrayList<>(List.of("--db", location));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  private static Result execute(
      byte[] stdin, Map<String, String> env, boolean interactive, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    Terminal terminal =
        new Terminal(new ByteArrayInputStream(stdin), out, errStream, env, interactive);
    // Anything written to System.out or System.err behind the Terminal's back (a library's
    // warning) lands in the captured streams too, where the tests see it.
    PrintStream systemOut = System.out;
    PrintStream systemErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(errStream);
    int status;
    try {
      status = Main.run(terminal, args);
    } finally {
      System.setOut(systemOut);
      System.setErr(systemErr);
    }
    return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }
}
