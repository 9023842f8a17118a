package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one run of a script of this repository (the {@code blobkeep} launcher, {@code examples/run})
 * in a subprocess left behind; the script tests' one way to run one: from {@code cwd}, standard
 * input empty, no {@code $BLOBKEEP_DB} or locale overrides of the test's own environment, {@code
 * env} added; the test fails unless it ends within five minutes.
 */
public record ScriptRun(int status, String stdout, String stderr) {
  /** Runs {@code command} and waits for it. */
  public static ScriptRun of(Path cwd, Map<String, String> env, List<String> command)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
    builder.environment().keySet().removeAll(List.of("BLOBKEEP_DB", "LC_ALL", "LC_CTYPE"));
    builder.environment().putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Path out = Files.createTempFile("launcher", ".out");
    Path err = Files.createTempFile("launcher", ".err");
    try {
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("finished in time").isTrue();
      return new ScriptRun(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }
}
