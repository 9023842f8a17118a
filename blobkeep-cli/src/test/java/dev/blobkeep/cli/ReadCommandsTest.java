package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that only read ({@code ls}, {@code info}, {@code get}, {@code verify}) never create a
 * store and need no write access; a database URL without {@code jdbc:} is explained.
 */
class ReadCommandsTest {
  private static final String ID = "0190f1c2-7d3e-7c4a-9b1e-2f5a6c7d8e9f";

  @Test
  void readCommandsOnAMissingStoreSaySoAndCreateNothing(@TempDir Path dir) throws IOException {
    Path typo = dir.resolve("x.db");
    Cli cli = new Cli(Backends.Backend.SQLITE, typo.toString(), dir);

    for (List<String> args :
        List.of(
            List.of("ls"),
            List.of("info", "docs/hello.txt"),
            List.of("get", "docs/hello.txt"),
            List.of("get", ID),
            List.of("verify"))) {
      assertThat(cli.run(args.toArray(String[]::new)).failure(1))
          .as("blobkeep %s", args)
          .isEqualTo("blobkeep: no blobkeep store at " + typo);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aWritingCommandStillCreatesTheStore(@TempDir Path dir) {
    Path file = dir.resolve("new.db");
    Cli cli = new Cli(Backends.Backend.SQLITE, file.toString(), dir);

    String id = cli.put("hello");

    assertThat(cli.run("get", id).ok().out()).isEqualTo("hello");
  }

  /** As root (the test user) file modes do not stop writes; the library tests prove that part. */
  @Test
  void readCommandsWorkOnAStoreInAReadOnlyDirectory(@TempDir Path dir) throws IOException {
    Path storeDir = Files.createDirectory(dir.resolve("ro"));
    Path file = storeDir.resolve("store.db");
    Cli cli = new Cli(Backends.Backend.SQLITE, file.toString(), dir);
    String id = cli.put("hello", "--bucket", "docs", "--key", "hello.txt");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    Files.setPosixFilePermissions(storeDir, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assertThat(cli.run("get", "docs/hello.txt").ok().out()).isEqualTo("hello");
      assertThat(cli.run("info", id).ok().out()).contains("hello.txt");
      assertThat(cli.run("ls", "--bucket", "docs").ok().out()).contains("hello.txt");
      cli.run("verify").ok();
    } finally {
      Files.setPosixFilePermissions(storeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  @Test
  void aPostgresUrlWithoutJdbcIsExplained(@TempDir Path dir) throws IOException {
    for (String scheme : List.of("postgresql", "mariadb", "mysql")) {
      Cli cli = new Cli(Backends.Backend.SQLITE, scheme + "://127.0.0.1:5432/test", dir);

      assertThat(cli.run("ls").failure(1))
          .contains("did you mean jdbc:" + scheme + "://127.0.0.1:5432/test?");
    }
    Cli withPassword =
        new Cli(Backends.Backend.SQLITE, "postgres://u:secret@db/app?password=secret2", dir);
    assertThat(withPassword.run("put", "-").failure(1))
        .contains("did you mean jdbc:postgresql://u:***@db/app?password=***?")
        .doesNotContain("secret");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
