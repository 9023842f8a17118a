package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalOptionsTest {
  private static final String MISSING = "0190f1c2-7d3e-7c4a-9b1e-2f5a6c7d8e9f";

  @CliTest
  void theStoreComesFromBlobkeepDbWithoutDb(Cli cli) {
    String id = cli.put("via --db");

    Cli.Result result =
        cli.runWithEnv(Map.of(BlobkeepCommand.DB_ENV, cli.location()), "get", id).ok();

    assertThat(result.out()).isEqualTo("via --db");
  }

  @CliTest
  void dbMayFollowTheCommand(Cli cli) {
    String id = cli.put("x");

    assertThat(cli.runWithEnv(Map.of(), "get", id, "--db", cli.location()).ok().out())
        .isEqualTo("x");
  }

  @CliTest
  void debugAddsTheStackTrace(Cli cli) {
    Cli.Result plain = cli.run("get", MISSING);
    Cli.Result debug = cli.run("--debug", "get", MISSING);

    assertThat(plain.failure(1)).isEqualTo("blobkeep: no blob with id " + MISSING);
    assertThat(debug.status()).isEqualTo(1);
    assertThat(debug.stderr())
        .startsWith("blobkeep: no blob with id " + MISSING + "\n")
        .contains("BlobNotFoundException")
        .contains("\tat ");
  }

  @Test
  void aStoreThatCannotBeOpenedFailsInOneLine(@TempDir Path dir) throws Exception {
    Path notAStore = Files.writeString(dir.resolve("notes.txt"), "just some text, not a database");

    Cli cli = new Cli(Backends.Backend.SQLITE, notAStore.toString(), dir);

    assertThat(cli.run("ls").failure(1)).startsWith("blobkeep: ");
    assertThat(notAStore).hasContent("just some text, not a database");
  }

  @Test
  void aMissingOrUnknownCommandIsAUsageError(@TempDir Path dir) {
    Cli cli = new Cli(Backends.Backend.SQLITE, dir.resolve("s.db").toString(), dir);

    assertThat(cli.run().failure(2)).contains("missing command");
    assertThat(cli.run("frobnicate").failure(2)).contains("frobnicate");
    assertThat(cli.run("ls", "--frob").failure(2)).contains("--frob");
    assertThat(dir.resolve("s.db")).doesNotExist();
  }

  @Test
  void everyCommandHasHelpWithExamples(@TempDir Path dir) {
    Cli cli = new Cli(Backends.Backend.SQLITE, dir.resolve("s.db").toString(), dir);
    assertThat(Commands.names())
        .containsExactlyInAnyOrder(
            "put", "fetch", "import", "copy", "get", "info", "ls", "meta", "rm", "alloc", "write",
            "resize", "verify", "gc", "backup", "serve", "encode", "decode", "bench");
    assertThat(cli.run("--help").ok().out()).contains("Usage: blobkeep").contains("Examples:");
    for (String name : Commands.names()) {
      String help = cli.run(name, "--help").ok().out();
      assertThat(help).as(name).startsWith("Usage: blobkeep " + name).contains("\nExamples:\n");
      assertThat(help.substring(help.indexOf("Examples:"))).as(name).contains("blobkeep " + name);
    }
    assertThat(dir.resolve("s.db")).doesNotExist();
  }

  @Test
  void versionIsPrinted(@TempDir Path dir) {
    Cli cli = new Cli(Backends.Backend.SQLITE, dir.resolve("s.db").toString(), dir);

    assertThat(cli.run("--version").ok().out()).startsWith("blobkeep ");
  }
}
