package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What one run of a script of this repository (the {@code blobkeep} launcher, {@code examples/run})
 * in a subprocess left behind; the script tests' one way to run one: from {@code cwd}, standard
 * input empty, no {@code $BLOBKEEP_DB} or locale overrides of the test's own environment, {@code
 * env} added; the test fails unless it ends within five minutes (what it started is stopped then).
 * Output that is not UTF-8 text reads as U+FFFD, not as a failure to read it.
 */
public record ScriptRun(int status, String stdout, String stderr) {
  /** Runs {@code command} and waits for it. */
  public static ScriptRun of(Path cwd, Map<String, String> env, List<String> command)
      throws Exception {
    return of(cwd, name -> false, env, command);
  }

  /**
   * Runs {@code command} and waits for it, also without each variable of the test's environment
   * whose name {@code unset} accepts.
   */
  public static ScriptRun of(
      Path cwd, Predicate<String> unset, Map<String, String> env, List<String> command)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(
            k ->
                k.equals("BLOBKEEP_DB")
                    || k.equals("LC_ALL")
                    || k.equals("LC_CTYPE")
                    || unset.test(k));
    builder.environment().putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Path out = Files.createTempFile("launcher", ".out");
    Path err = Files.createTempFile("launcher", ".err");
    try {
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      boolean ended = process.waitFor(5, TimeUnit.MINUTES);
      if (!ended) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      assertThat(ended).as("%s finished in time", command).isTrue();
      return new ScriptRun(
          process.exitValue(),
          new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
          new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }
}
