package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.server.BlobServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve}: what it refuses before it opens anything, and the rules it shares with the rest of
 * the command line (the default store, keys kept as given).
 */
class ServeCommandTest {

  @Test
  void aShortSecretIsAUsageErrorThatSaysHowToMakeOneAndNeverShowsIt(@TempDir Path dir) {
    Path db = dir.resolve("store.db");
    Cli cli = new Cli(Backends.Backend.SQLITE, db.toString(), dir);
    String secret = "short-secret";

    String fromEnv =
        cli.runWithEnv(
                Map.of("BLOBKEEP_TOKENS", secret + ":rw:*", BlobkeepCommand.DB_ENV, db.toString()),
                "serve",
                "--port",
                "0")
            .failure(2);
    String fromOption = cli.run("serve", "--port", "0", "--token", secret + ":ro:docs").failure(2);

    assertThat(fromEnv).contains("BLOBKEEP_TOKENS").contains("openssl rand -hex 24");
    assertThat(fromOption).contains("at least 16");
    assertThat(fromEnv + fromOption).doesNotContain(secret);
    assertThat(db).doesNotExist();
  }

  @Test
  void aTokenFileWithAShortSecretNamesItsLine(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("store.db");
    Path tokens = Files.writeString(dir.resolve("tokens"), "# admin\nabc:rw:*\n");
    Cli cli = new Cli(Backends.Backend.SQLITE, db.toString(), dir);

    String message = cli.run("serve", "--port", "0", "--token-file", tokens.toString()).failure(2);

    assertThat(message).contains(tokens + " line 2").contains("openssl").doesNotContain("abc:");
    assertThat(db).doesNotExist();
  }

  @Test
  void aBadPublicHostOrOriginIsAUsageErrorNamingIt(@TempDir Path dir) {
    Path db = dir.resolve("store.db");
    Cli cli = new Cli(Backends.Backend.SQLITE, db.toString(), dir);

    assertThat(cli.run("serve", "--no-auth", "--public-host", "a b").failure(2)).contains("'a b'");
    assertThat(cli.run("serve", "--no-auth", "--allow-origin", "evil.example").failure(2))
        .contains("'evil.example'");
    assertThat(db).doesNotExist();
  }

  @Test
  void anS3PortWithoutCredentialsOrWithABadOneIsAUsageErrorAndOpensNothing(@TempDir Path dir) {
    Path db = dir.resolve("store.db");
    Cli cli = new Cli(Backends.Backend.SQLITE, db.toString(), dir);

    assertThat(cli.run("serve", "--no-auth", "--s3-port", "0").failure(2))
        .contains("--s3-credentials");
    assertThat(
            cli.run("serve", "--no-auth", "--s3-port", "0", "--s3-credentials", "app:short:rw:*")
                .failure(2))
        .contains("at least 8");
    assertThat(db).doesNotExist();
  }

  @Test
  void serveAndTheServerDefaultToTheSameStore() {
    assertThat(BlobServer.DB_ENV).isEqualTo(BlobkeepCommand.DB_ENV);
    assertThat(BlobServer.DEFAULT_LOCATION).isEqualTo(BlobkeepCommand.DEFAULT_DB);
  }

  @CliTest
  void aKeyEndingWithASlashIsKeptAsGiven(Cli cli) {
    cli.put("in a folder-like key", "--bucket", "docs", "--key", "dir/");

    assertThat(cli.run("get", "docs/dir/").ok().out()).isEqualTo("in a folder-like key");
    assertThat(cli.run("get", "docs/dir").failure(1)).contains("docs/dir");
  }
}
