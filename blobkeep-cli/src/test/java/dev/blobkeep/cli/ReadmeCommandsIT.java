package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.testkit.ScriptRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's command-line samples, run as written, in order, by bash with the real launcher in a
 * directory holding a copy of the README: the quick start's {@code put}, the tour after it, and the
 * command-line section. (The {@code mvn -B verify} line is this very build; the {@code serve}
 * sample runs until stopped, and the server's tests cover what it shows.)
 */
class ReadmeCommandsIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Pattern SH = Pattern.compile("```sh\\n(.*?)\\n```", Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void theQuickStartAndTheCommandLineTourRunAsWritten() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("README.md"), readme, StandardCharsets.UTF_8);
    List<String> blocks = new ArrayList<>();
    Matcher m = SH.matcher(readme);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).as("sh samples in README.md").hasSizeGreaterThanOrEqualTo(4);
    assertThat(blocks.get(0)).contains("./blobkeep put README.md").contains("mvn -B verify");
    assertThat(blocks.get(3)).as("the HTTP sample, not run").contains("./blobkeep serve");

    String quickStart = blocks.get(0).lines().filter(l -> !l.startsWith("mvn ")).toList().get(0);
    ScriptRun put = run(quickStart);
    ScriptRun tour = run(blocks.get(1));
    ScriptRun commandLine = run(blocks.get(2));

    assertThat(put.status()).as(put.stderr()).isZero();
    assertThat(tour.status()).as(tour.stderr()).isZero();
    assertThat(tour.stdout()).contains("docs    readme.md").contains("\"sha256\"");
    assertThat(Files.readString(dir.resolve("copy.md"), StandardCharsets.UTF_8)).isEqualTo(readme);
    assertThat(commandLine.status()).as(commandLine.stderr()).isZero();
    assertThat(commandLine.stdout())
        .contains("\"key\":\"readme.md\"")
        .contains(
            "\\x"
                + java.util.HexFormat.of()
                    .formatHex(readme.substring(0, 16).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Runs {@code lines} with bash, stopping at the first failure, {@code ./blobkeep} the real one.
   */
  private ScriptRun run(String lines) throws Exception {
    Path launcher = ROOT.resolve("blobkeep").toAbsolutePath();
    String script = "set -e\n" + lines.replace("./blobkeep ", "'" + launcher + "' ") + "\n";
    Path file = Files.writeString(dir.resolve("sample.sh"), script, StandardCharsets.UTF_8);
    return ScriptRun.of(dir, Map.of(), List.of("bash", file.toString()));
  }
}
