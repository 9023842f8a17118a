package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

class GetCommandTest {
  private static final byte[] CONTENT = TestData.allByteValues(5000);

  @CliTest
  void writesTheWholeBlobToStandardOutputAsRawBytes(Cli cli) {
    String id = cli.put(CONTENT);

    Cli.Result result = cli.run("get", id).ok();

    assertThat(result.stdout()).isEqualTo(CONTENT);
  }

  @CliTest
  void findsBlobsByBucketAndKey(Cli cli) {
    cli.put(CONTENT, "--bucket", "photos", "--key", "2024/cat.png");

    assertThat(cli.get("photos/2024/cat.png")).isEqualTo(CONTENT);
  }

  @CliTest
  void writesARangeGivenByOffsetAndLength(Cli cli) {
    String id = cli.put(CONTENT);

    assertThat(cli.run("get", id, "--offset", "100", "--length", "50").ok().stdout())
        .isEqualTo(Arrays.copyOfRange(CONTENT, 100, 150));
    assertThat(cli.run("get", id, "--offset", "4000").ok().stdout())
        .isEqualTo(Arrays.copyOfRange(CONTENT, 4000, 5000));
    assertThat(cli.run("get", id, "--length", "1K").ok().stdout())
        .isEqualTo(Arrays.copyOfRange(CONTENT, 0, 1024));
    assertThat(cli.run("get", id, "--offset", "5000").ok().stdout()).isEmpty();
  }

  @CliTest
  void writesAFileReplacingAnOldOne(Cli cli) throws IOException {
    String id = cli.put(CONTENT);
    Path target = cli.file("out.bin", "old".getBytes());

    cli.run("get", id, "-o", target.toString()).ok();
    cli.run("get", id, "--offset", "10", "--length", "20", "--output", cli.dir() + "/range.bin")
        .ok();

    assertThat(target).hasBinaryContent(CONTENT);
    assertThat(cli.dir().resolve("range.bin"))
        .hasBinaryContent(Arrays.copyOfRange(CONTENT, 10, 30));
    assertThat(partFiles(cli)).isEmpty();
  }

  @CliTest
  void formatPrintsTextAsPostgresPrintsBytea(Cli cli) throws IOException {
    String id = cli.put(new byte[] {0, 'a', '\\', (byte) 0xff, '\n'});
    String empty = cli.put(new byte[0]);

    assertThat(cli.run("get", id, "--format", "hex").ok().out()).isEqualTo("\\x00615cff0a");
    assertThat(cli.run("get", id, "--format", "escape").ok().out())
        .isEqualTo("\\000a\\\\\\377\\012");
    assertThat(cli.run("get", id, "--format", "raw").ok().stdout()).hasSize(5);
    assertThat(cli.run("get", id, "--offset", "1", "--length", "2", "--format", "HEX").ok().out())
        .isEqualTo("\\x615c");
    assertThat(cli.run("get", empty, "--format", "hex").ok().out()).isEqualTo("\\x");
    assertThat(cli.run("get", empty, "--format", "escape").ok().out()).isEmpty();
    cli.run("get", id, "--format", "hex", "-o", cli.dir() + "/hex.txt").ok();
    assertThat(cli.dir().resolve("hex.txt")).hasContent("\\x00615cff0a");
  }

  @CliTest
  void anUnknownFormatIsAUsageError(Cli cli) {
    String id = cli.put(CONTENT);

    assertThat(cli.run("get", id, "--format", "base64").failure(2)).contains("base64");
  }

  @CliTest
  void outputDashMeansStandardOutput(Cli cli) {
    String id = cli.put(CONTENT);

    assertThat(cli.run("get", id, "-o", "-").ok().stdout()).isEqualTo(CONTENT);
  }

  @CliTest
  void unknownIdFails(Cli cli) {
    String id = "0190f1c2-7d3e-7c4a-9b1e-2f5a6c7d8e9f";

    assertThat(cli.run("get", id).failure(1)).isEqualTo("blobkeep: no blob with id " + id);
  }

  @CliTest
  void unknownKeyFails(Cli cli) {
    assertThat(cli.run("get", "photos/nope.png").failure(1))
        .isEqualTo("blobkeep: no blob photos/nope.png");
  }

  @CliTest
  void malformedRefIsAUsageErrorNamingIt(Cli cli) {
    String message = cli.run("get", "not-a-ref").failure(2);

    assertThat(message).contains("'not-a-ref' is neither an id nor BUCKET/KEY");
  }

  @CliTest
  void offsetPastTheEndFailsAndLeavesTheTargetFileAlone(Cli cli) throws IOException {
    String id = cli.put(CONTENT);
    Path target = cli.file("out.bin", "old".getBytes());

    String message = cli.run("get", id, "--offset", "5001", "-o", target.toString()).failure(1);

    assertThat(message)
        .isEqualTo("blobkeep: offset 5001 is past the end of blob " + id + " (size 5000)");
    assertThat(target).hasContent("old");
    assertThat(partFiles(cli)).isEmpty();
  }

  @CliTest
  void rangePastTheEndFails(Cli cli) {
    String id = cli.put(CONTENT);

    String message = cli.run("get", id, "--offset", "4000", "--length", "2000").failure(1);

    assertThat(message)
        .isEqualTo(
            "blobkeep: offset 4000 + length 2000 passes the end of blob " + id + " (size 5000)");
  }

  @CliTest
  void badSizeTextIsAUsageErrorNamingIt(Cli cli) {
    String id = cli.put(CONTENT);

    assertThat(cli.run("get", id, "--offset", "12X").failure(2)).contains("'12X'");
    assertThat(cli.run("get", id, "--length", "-1").failure(2)).contains("'-1' is negative");
  }

  @CliTest
  void outputIntoAMissingDirectoryFails(Cli cli) {
    String id = cli.put(CONTENT);
    Path target = cli.dir().resolve("no/such/dir/out.bin");

    String message = cli.run("get", id, "-o", target.toString()).failure(1);

    assertThat(message).contains("out.bin").contains("no directory");
  }

  @CliTest
  void showsProgressOnlyWhenSomeoneWatchesALargeTransfer(Cli cli) {
    String id = cli.run("alloc", String.valueOf(Progress.THRESHOLD + 1)).ok().out().strip();

    Cli.Result watched = cli.runInteractive(new byte[0], "get", id);
    Cli.Result unwatched = cli.run("get", id);

    assertThat(watched.stderr()).contains("100%");
    assertThat(watched.stdout()).hasSize((int) Progress.THRESHOLD + 1);
    assertThat(unwatched.ok().stdout()).hasSize((int) Progress.THRESHOLD + 1);
  }

  private static Stream<Path> partFiles(Cli cli) throws IOException {
    return Files.list(cli.dir()).filter(p -> p.getFileName().toString().endsWith(".part"));
  }
}
