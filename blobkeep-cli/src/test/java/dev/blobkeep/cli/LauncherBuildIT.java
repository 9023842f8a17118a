package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  record Run(int status, String stdout, String stderr) {}

  @Test
  void aFirstRunSaysOnStderrThatItBuildsAndWhenItIsDone() throws Exception {
    Path repo = fakeRepo("cp '" + MODULE.resolve("target/blobkeep.jar") + "' \"$target\"\n");

    Run first = launch(repo, "--version");
    Run second = launch(repo, "--version");

    assertThat(first.status()).as(first.stderr()).isZero();
    assertThat(first.stderr())
        .matches(
            "blobkeep: building blobkeep \\(first run, ~30 s\\) \\.\\.\\.\n"
                + "blobkeep: built in \\d+ s\n");
    assertThat(first.stdout()).isNotEmpty().isEqualTo(second.stdout());
    assertThat(second.stderr()).isEmpty();
  }

  @Test
  void aRebuildAfterAChangeSaysWhy() throws Exception {
    Path repo = fakeRepo("cp '" + MODULE.resolve("target/blobkeep.jar") + "' \"$target\"\n");
    launch(repo, "--version");
    Path source = repo.resolve("blobkeep-cli/src/main/java/Changed.java");
    Files.writeString(source, "class Changed {}\n");
    source.toFile().setLastModified(System.currentTimeMillis() + 5_000);

    Run rebuilt = launch(repo, "--version");

    assertThat(rebuilt.status()).as(rebuilt.stderr()).isZero();
    assertThat(rebuilt.stderr()).startsWith("blobkeep: building blobkeep (sources changed) ...\n");
  }

  @Test
  void aFailedBuildSaysWhereItsLogIs() throws Exception {
    Path repo = fakeRepo("echo 'compilation failure' >&2\nexit 1\n");

    Run run = launch(repo, "--version");

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

  private Run launch(Path repo, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(repo.resolve("blobkeep").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    env.put("PATH", repo.resolve("bin") + File.pathSeparator + env.get("PATH"));
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Path out = Files.createTempFile(dir, "launcher", ".out");
    Path err = Files.createTempFile(dir, "launcher", ".err");
    try {
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("finished in time").isTrue();
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }
}
