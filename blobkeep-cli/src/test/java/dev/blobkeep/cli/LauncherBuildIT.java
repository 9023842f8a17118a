package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.testkit.ScriptRun;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code ./blobkeep} launcher says while it builds: a copy of it in a folder laid out like
 * the repository, with an {@code mvn} first on the PATH that "builds" by copying the jar the
 * package phase made (a real build takes half a minute).
 */
class LauncherBuildIT {
  private static final Path MODULE = Path.of(System.getProperty("user.dir")).toAbsolutePath();

  @TempDir Path dir;

  @Test
  void aFirstRunSaysOnStderrThatItBuildsAndWhenItIsDone() throws Exception {
    Path repo = fakeRepo("cp '" + MODULE.resolve("target/blobkeep.jar") + "' \"$target\"\n");

    ScriptRun first = launch(repo, "--version");
    ScriptRun second = launch(repo, "--version");

    assertThat(first.status()).as(first.stderr()).isZero();
    assertThat(first.stderr())
        .matches(
            "blobkeep: building blobkeep \\(first run, ~30 s\\) \\.\\.\\.\n"
                + "blobkeep: built in \\d+ s\n");
    assertThat(first.stdout()).isNotEmpty().isEqualTo(second.stdout());
    assertThat(second.stderr()).isEmpty();
  }

  @Test
  void aBuildLeavesAClassDataSharingArchiveThatLaterStartsUseSilently() throws Exception {
    Path repo = fakeRepo("cp '" + MODULE.resolve("target/blobkeep.jar") + "' \"$target\"\n");
    Path archive = repo.resolve("blobkeep-cli/target/blobkeep.jsa");

    launch(repo, "--version");
    long made = Files.getLastModifiedTime(archive).toMillis();
    ScriptRun ls = launch(repo, "--db", dir.resolve("none.db").toString(), "ls");

    assertThat(Files.size(archive)).isPositive();
    assertThat(Files.getLastModifiedTime(archive).toMillis()).as("made once").isEqualTo(made);
    assertThat(ls.stderr())
        .isEqualTo("blobkeep: no blobkeep store at " + dir.resolve("none.db") + "\n");
  }

  @Test
  void aRebuildAfterAChangeSaysWhy() throws Exception {
    Path repo = fakeRepo("cp '" + MODULE.resolve("target/blobkeep.jar") + "' \"$target\"\n");
    launch(repo, "--version");
    Path source = repo.resolve("blobkeep-cli/src/main/java/Changed.java");
    Files.writeString(source, "class Changed {}\n");
    source.toFile().setLastModified(System.currentTimeMillis() + 5_000);

    ScriptRun rebuilt = launch(repo, "--version");

    assertThat(rebuilt.status()).as(rebuilt.stderr()).isZero();
    assertThat(rebuilt.stderr()).startsWith("blobkeep: building blobkeep (sources changed) ...\n");
  }

  @Test
  void aFailedBuildSaysWhereItsLogIs() throws Exception {
    Path repo = fakeRepo("echo 'compilation failure' >&2\nexit 1\n");

    ScriptRun run = launch(repo, "--version");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.stderr())
        .endsWith(
            "blobkeep: building the CLI failed; see "
                + repo.resolve("blobkeep-cli/target/blobkeep-build.log")
                + "\n");
    assertThat(repo.resolve("blobkeep-cli/target/blobkeep-build.log"))
        .content()
        .contains("compilation failure");
  }

  /** A repository-like folder with the launcher and a fake {@code mvn} running {@code body}. */
  private Path fakeRepo(String body) throws Exception {
    Path repo = Files.createDirectory(dir.resolve("repo"));
    Files.copy(MODULE.getParent().resolve("blobkeep"), repo.resolve("blobkeep"));
    Files.createDirectories(repo.resolve("blobkeep-cli/src/main/java"));
    Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
    Path mvn = Files.createDirectories(repo.resolve("bin")).resolve("mvn");
    Files.writeString(
        mvn,
        "#!/bin/sh\ntarget='" + repo.resolve("blobkeep-cli/target/blobkeep.jar") + "'\n" + body,
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    return repo;
  }

  private ScriptRun launch(Path repo, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(repo.resolve("blobkeep").toString()));
    command.addAll(List.of(args));
    String path = repo.resolve("bin") + File.pathSeparator + System.getenv("PATH");
    return ScriptRun.of(dir, Map.of("PATH", path), command);
  }
}
