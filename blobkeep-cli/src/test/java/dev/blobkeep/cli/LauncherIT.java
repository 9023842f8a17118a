package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.testkit.ScriptRun;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./blobkeep} launcher in a subprocess, after the package phase built its jar (so
 * it starts java without building). SQLite only: the launcher does not care about the backend.
 */
class LauncherIT {
  private static final Path LAUNCHER =
      Path.of(System.getProperty("user.dir")).getParent().resolve("blobkeep").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void streamsABlobLargerThanItsHeap() throws Exception {
    Path big = dir.resolve("big.bin");
    String sha256 = writeRandomFile(big, 96 << 20);
    String db = dir.resolve("store.db").toString();
    Map<String, String> env = Map.of("JAVA_OPTS", "-Xmx64m");

    String id = launch(dir, env, "--db", db, "put", big.toString()).stdout().strip();
    ScriptRun toFile =
        launch(dir, env, "--db", db, "get", id, "-o", dir.resolve("copy.bin").toString());
    String streamed = launchHashingStdout(env, "--db", db, "get", id);
    ScriptRun info = launch(dir, env, "--db", db, "info", id);

    assertThat(toFile.status()).as(toFile.stderr()).isZero();
    assertThat(sha256(dir.resolve("copy.bin"))).isEqualTo(sha256);
    assertThat(streamed).isEqualTo(sha256);
    assertThat(TestData.json(info.stdout()).get("sha256").asText()).isEqualTo(sha256);
  }

  @Test
  void runsFromAnyDirectoryWithTheStoreInTheWorkingDirectoryByDefault() throws Exception {
    Path work = Files.createDirectory(dir.resolve("work"));
    Files.writeString(work.resolve("hello.txt"), "hello");

    ScriptRun put = launch(work, Map.of(), "put", "hello.txt", "--key", "h");
    ScriptRun get = launch(work, Map.of(), "get", "default/h");

    assertThat(put.status()).as(put.stderr()).isZero();
    assertThat(work.resolve("blobkeep.db")).exists();
    assertThat(get.stdout()).isEqualTo("hello");
  }

  @Test
  void failuresPrintOneLineWithStatusOneAndUsageErrorsStatusTwo() throws Exception {
    String db = dir.resolve("store.db").toString();

    ScriptRun missing = launch(dir, Map.of(), "--db", db, "get", "b/missing");
    ScriptRun badSize = launch(dir, Map.of(), "--db", db, "alloc", "12X");

    assertThat(missing.status()).isEqualTo(1);
    // A read command does not create the store it was pointed at.
    assertThat(missing.stderr()).isEqualTo("blobkeep: no blobkeep store at " + db + "\n");
    assertThat(Path.of(db)).doesNotExist();
    assertThat(badSize.status()).isEqualTo(2);
    assertThat(badSize.stderr()).startsWith("blobkeep: ").contains("'12X'").hasLineCount(1);
  }

  @Test
  void nonAsciiArgumentsSurviveAPosixLocale() throws Exception {
    String db = dir.resolve("store.db").toString();
    // Through a UTF-8 script file: the test's own JVM may not be able to pass 'é' as an argument.
    Path script =
        Files.writeString(
            dir.resolve("run.sh"),
            "echo x | \"$1\" --db \"$2\" put - --key 'café/ü.txt'\n",
            StandardCharsets.UTF_8);
    Map<String, String> posix = Map.of("LANG", "C");

    ScriptRun put =
        ScriptRun.of(dir, posix, List.of("bash", script.toString(), LAUNCHER.toString(), db));
    ScriptRun ls = launch(dir, posix, "--db", db, "ls", "--fields", "key", "--json");

    assertThat(put.status()).as(put.stderr()).isZero();
    assertThat(ls.stdout()).isEqualTo("{\"key\":\"café/ü.txt\"}\n");
  }

  private ScriptRun launch(Path cwd, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    return ScriptRun.of(cwd, env, command);
  }

  /** Runs the launcher and returns the SHA-256 of what it wrote to standard output. */
  private String launchHashingStdout(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(env);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process process = builder.start();
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(process.getInputStream(), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    assertThat(process.waitFor()).isZero();
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String writeRandomFile(Path file, int length) throws Exception {
    Random random = new Random(42);
    byte[] buffer = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int written = 0; written < length; written += buffer.length) {
        random.nextBytes(buffer);
        out.write(buffer);
      }
    }
    return sha256(file);
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
