package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link QuickLs} takes the common forms of {@code ls} (so a short listing starts without picocli)
 * and prints what picocli's path prints; every other form is left to picocli.
 */
class QuickLsTest {
  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** A terminal with empty input, writing into {@link #out} and {@link #err}, emptied first. */
  private Terminal terminal() {
    out.reset();
    err.reset();
    return new Terminal(
        new ByteArrayInputStream(new byte[0]),
        out,
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of(),
        false);
  }

  /** Status and output of {@link QuickLs#run}, or null if it left the command line to picocli. */
  private String quick(String... args) {
    Terminal terminal = terminal();
    Integer status = QuickLs.run(terminal, args);
    if (status == null) {
      assertThat(out.size() + err.size()).as("nothing printed when left to picocli").isZero();
      return null;
    }
    return status
        + "\n"
        + out.toString(StandardCharsets.UTF_8)
        + err.toString(StandardCharsets.UTF_8);
  }

  /** Status and output of the same command line through picocli alone. */
  private String picocli(String... args) {
    Terminal terminal = terminal();
    BlobkeepCommand root = new BlobkeepCommand(terminal);
    int status = CommandLines.commandLine(root).execute(args);
    terminal.err().flush();
    return status
        + "\n"
        + out.toString(StandardCharsets.UTF_8)
        + err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theCommonFormsRunWithoutPicocliAndPrintWhatPicocliPrints() {
    String db = tmp.resolve("s.db").toString();
    for (int i = 0; i < 3; i++) {
      assertThat(picocli("--db", db, "put", "--bucket", "b" + (i % 2), "--key", "k" + i, "-"))
          .startsWith("0\n");
    }
    String[][] forms = {
      {"--db", db, "ls"},
      {"--db=" + db, "ls", "--json"},
      {"ls", "--db", db, "--bucket", "b1"},
      {"--debug", "--db", db, "ls", "--prefix=k", "--limit", "2"},
      {"--db", tmp.resolve("none.db").toString(), "ls"},
    };
    for (String[] form : forms) {
      String quick = quick(form);
      assertThat(quick).as("taken by QuickLs: %s", String.join(" ", form)).isNotNull();
      assertThat(quick).isEqualTo(picocli(form));
    }
    assertThat(quick(forms[4])).startsWith("1\nblobkeep: no blobkeep store at ");
  }

  @Test
  void everyOtherFormIsLeftToPicocli() {
    String db = tmp.resolve("s.db").toString();
    String[][] forms = {
      {"--db", db, "ls", "--help"},
      {"--db", db, "ls", "--limit", "0"},
      {"--db", db, "ls", "--limit", "x"},
      {"--db", db, "ls", "--bucket", "b", "--bucket", "c"},
      {"--db", db, "ls", "--bucket", "bad/name"},
      {"--db", db, "ls", "--where", "a=1"},
      {"--db", db, "ls", "--fields", "id"},
      {"--db", db, "ls", "--prefix", "-x"},
      {"--db", db, "ls", "extra"},
      {"--db", db, "--json", "ls"},
      {"--db", db, "info", "x"},
      {"--db", db},
    };
    for (String[] form : forms) {
      assertThat(quick(form)).as("left to picocli: %s", String.join(" ", form)).isNull();
    }
  }
}
