package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** {@code import} failures that need no source tables. */
class ImportCommandTest {
  private static final String[] PARTS = {
    "--table", "part_drawings", "--id-column", "part_id", "--data-column", "drawing"
  };

  private static String[] importing(String url, String... more) {
    String[] args = new String[2 + PARTS.length + more.length];
    args[0] = "import";
    args[1] = url;
    System.arraycopy(PARTS, 0, args, 2, PARTS.length);
    System.arraycopy(more, 0, args, 2 + PARTS.length, more.length);
    return args;
  }

  @CliTest
  void anUnreachableSourceFailsNamingItWithoutThePassword(Cli cli) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/parts?user=app&password=s3cret";

    String message = cli.run(importing(url)).failure(1);

    assertThat(message)
        .startsWith(
            "blobkeep: cannot connect to source jdbc:postgresql://127.0.0.1:"
                + port
                + "/parts?user=app: Connection to 127.0.0.1:"
                + port
                + " refused")
        .doesNotContain("s3cret");
  }

  @CliTest
  void aMissingSqliteFileFailsAndIsNotCreated(Cli cli) {
    Path missing = cli.dir().resolve("missing.db");

    String message = cli.run(importing("jdbc:sqlite:" + missing)).failure(1);

    assertThat(message)
        .startsWith("blobkeep: cannot connect to source jdbc:sqlite:" + missing + ": ")
        .contains("SQLITE_CANTOPEN");
    assertThat(missing).doesNotExist();
  }

  @CliTest
  void aUrlWithoutADriverFailsNamingIt(Cli cli) {
    String message = cli.run(importing("jdbc:nosuch://h/d?password=s3cret")).failure(1);

    assertThat(message)
        .isEqualTo(
            "blobkeep: no JDBC driver on the class path accepts source jdbc:nosuch://h/d"
                + " (blobkeep's CLI has drivers for jdbc:postgresql:, jdbc:mariadb: and"
                + " jdbc:sqlite:)");
  }

  @CliTest
  void tableIdAndDataColumnsAreRequired(Cli cli) {
    String message = cli.run("import", "jdbc:sqlite:x.db", "--table", "t").failure(2);

    assertThat(message).contains("Missing required options").contains("--id-column");
  }

  @CliTest
  void aBadBucketOrAReservedMetaColumnIsAUsageError(Cli cli) {
    String bucket = cli.run(importing("jdbc:sqlite:x.db", "--bucket", "no space")).failure(2);
    String meta =
        cli.run(importing("jdbc:sqlite:x.db", "--meta-columns", "import_source")).failure(2);

    assertThat(bucket).contains("'no space'");
    assertThat(meta)
        .contains(
            "meta column 'import_source' would overwrite the user field the import keeps its"
                + " source reference in");
  }
}
