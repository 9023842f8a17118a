package dev.blobkeep.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.testkit.ScriptRun;
import java.io.File;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code examples/run} script and the examples as programs in their own JVM: what it lists,
 * what it says while it builds, and that a run leaves nothing in the temp directory.
 */
class RunScriptTest {
  private static final Path MODULE = Path.of(System.getProperty("user.dir")).toAbsolutePath();
  private static final Path SOURCES = MODULE.resolve("src/main/java/dev/blobkeep/examples");

  @TempDir Path dir;

  @Test
  void listsExactlyTheClassesWithAMainMethod() throws Exception {
    ScriptRun usage = ScriptRun.of(MODULE, Map.of(), List.of(MODULE.resolve("run").toString()));

    List<String> listed = usage.stderr().lines().skip(1).map(String::strip).toList();
    assertThat(usage.status()).isEqualTo(2);
    assertThat(listed).containsExactlyInAnyOrderElementsOf(programs()).doesNotContain("Scratch");
    assertThat(listed).contains("FilesPerUser", "PartDrawings");
  }

  @Test
  void anExampleThatIsNotAProgramIsRefusedByName() throws Exception {
    ScriptRun run =
        ScriptRun.of(MODULE, Map.of(), List.of(MODULE.resolve("run").toString(), "Drawings"));

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stderr())
        .isEqualTo(
            "examples: no example named 'Drawings';"
                + " examples/run without arguments lists them\n");
  }

  @Test
  void everyExampleLeavesTheTempDirectoryAsItFoundIt() throws Exception {
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    for (String program : programs()) {
      ScriptRun run =
          ScriptRun.of(
              dir,
              Map.of(),
              List.of(
                  javaCommand(),
                  "-Djava.io.tmpdir=" + tmp,
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.blobkeep.examples." + program));

      assertThat(run.status()).as(program + ": " + run.stderr()).isZero();
      try (Stream<Path> left = Files.list(tmp)) {
        assertThat(left).as(program + " left in the temp directory").isEmpty();
      }
    }
  }

  @Test
  void aFirstRunSaysItIsBuildingAndWhenItIsDone() throws Exception {
    Path repo = fakeRepoWithMvnThatMakesTheJar();
    Map<String, String> env = Map.of("PATH", repo.resolve("bin") + ":" + System.getenv("PATH"));
    List<String> command = List.of(repo.resolve("examples/run").toString(), "FilesPerUser");

    ScriptRun first = ScriptRun.of(dir, env, command);
    ScriptRun second = ScriptRun.of(dir, env, command);

    assertThat(first.status()).as(first.stderr()).isZero();
    assertThat(first.stderr())
        .startsWith("examples: building the examples (first run, ~30 s) ...\n")
        .containsPattern("examples: built in \\d+ s\n");
    assertThat(first.stdout()).contains("notes.txt: buy milk");
    assertThat(second.stderr()).isEmpty();
    assertThat(second.stdout()).contains("notes.txt: buy milk");
  }

  @Test
  void aFailedBuildSaysWhereItsLogIs() throws Exception {
    Path repo = fakeRepoWithMvnThatMakesTheJar();
    Files.writeString(repo.resolve("bin/mvn"), "#!/bin/sh\necho broken >&2\nexit 1\n");
    Map<String, String> env = Map.of("PATH", repo.resolve("bin") + ":" + System.getenv("PATH"));

    ScriptRun run =
        ScriptRun.of(dir, env, List.of(repo.resolve("examples/run").toString(), "FilesPerUser"));

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.stderr())
        .endsWith(
            "examples: build failed; see " + repo.resolve("examples/target/build.log") + "\n");
  }

  /** The class names in the examples' sources that have {@code public static void main}. */
  private static List<String> programs() throws Exception {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString().replaceFirst("\\.java$", "");
        Class<?> type = Class.forName("dev.blobkeep.examples." + name);
        try {
          Method main = type.getMethod("main", String[].class);
          if (Modifier.isStatic(main.getModifiers())) {
            names.add(name);
          }
        } catch (NoSuchMethodException e) {
          // a helper, not a program
        }
      }
    }
    return names;
  }

  /**
   * A copy of the script in a folder laid out like the repository, with an {@code mvn} on the PATH
   * that "builds" a jar whose manifest puts this test's class path on the class path.
   */
  private Path fakeRepoWithMvnThatMakesTheJar() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.createDirectories(repo.resolve("examples/src/main/java/dev/blobkeep/examples"));
    Files.copy(MODULE.resolve("run"), repo.resolve("examples/run"));
    Files.copy(
        SOURCES.resolve("FilesPerUser.java"),
        repo.resolve("examples/src/main/java/dev/blobkeep/examples/FilesPerUser.java"));
    Path built = dir.resolve("built.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest
        .getMainAttributes()
        .put(
            Attributes.Name.CLASS_PATH,
            Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).toUri().toString())
                .collect(Collectors.joining(" ")));
    try (OutputStream out = Files.newOutputStream(built);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      jar.flush();
    }
    Path mvn = Files.createDirectories(repo.resolve("bin")).resolve("mvn");
    Files.writeString(
        mvn,
        "#!/bin/sh\ncp '" + built + "' '" + repo + "/examples/target/blobkeep-examples.jar'\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    return repo;
  }

  private static String javaCommand() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
