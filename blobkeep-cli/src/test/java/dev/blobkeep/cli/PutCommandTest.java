package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;

class PutCommandTest {
  static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  @CliTest
  void putsFileAndPrintsOnlyTheId(Cli cli) {
    byte[] content = TestData.allByteValues(70_000);
    Path file = cli.file("data.bin", content);

    Cli.Result result = cli.run("put", file.toString()).ok();

    assertThat(result.out()).matches(UUID + "\n");
    assertThat(cli.get(result.out().strip())).isEqualTo(content);
  }

  @CliTest
  void putsStandardInputGivenAsDash(Cli cli) {
    byte[] content = TestData.allByteValues(1000);

    String id = cli.put(content);

    assertThat(cli.get(id)).isEqualTo(content);
  }

  @CliTest
  void storesBucketKeyTypeAndMetaValuesAsStrings(Cli cli) {
    cli.put(
        "hello",
        "--bucket",
        "docs",
        "--key",
        "a/b.txt",
        "--type",
        "text/plain",
        "--meta",
        "owner=ann",
        "--meta",
        "n=1",
        "--meta",
        "eq=x=y");

    JsonNode info = TestData.json(cli.run("info", "docs/a/b.txt").ok().out());
    assertThat(info.get("content_type").asText()).isEqualTo("text/plain");
    assertThat(info.get("meta").get("owner").asText()).isEqualTo("ann");
    assertThat(info.get("meta").get("n").isTextual()).isTrue();
    assertThat(info.get("meta").get("n").asText()).isEqualTo("1");
    assertThat(info.get("meta").get("eq").asText()).isEqualTo("x=y");
  }

  @CliTest
  void guessesTheContentTypeFromTheFileName(Cli cli) {
    cli.run("put", cli.file("page.html", "<p>hi</p>".getBytes()).toString(), "--key", "p").ok();
    cli.run("put", cli.file("blob.zzunknown", new byte[3]).toString(), "--key", "u").ok();
    cli.put("x", "--key", "stdin");

    assertThat(contentType(cli, "default/p")).isEqualTo("text/html");
    assertThat(contentType(cli, "default/u")).isEqualTo("application/octet-stream");
    assertThat(contentType(cli, "default/stdin")).isEqualTo("application/octet-stream");
  }

  @CliTest
  void replacesTheBlobUnderTheSameKey(Cli cli) {
    String first = cli.put("one", "--key", "k");
    String second = cli.put("two", "--key", "k");

    assertThat(second).isNotEqualTo(first);
    assertThat(cli.get("default/k")).asString().isEqualTo("two");
    cli.run("get", first).failure(1);
  }

  @CliTest
  void ifAbsentRefusesATakenKeyAndKeepsTheOldBlob(Cli cli) {
    String first = cli.put("one", "--key", "k");

    String message = cli.run("two".getBytes(), "put", "-", "--key", "k", "--if-absent").failure(1);

    assertThat(message).isEqualTo("blobkeep: blob default/k already exists (id " + first + ")");
    assertThat(cli.get("default/k")).asString().isEqualTo("one");
  }

  @CliTest
  void ifAbsentWithoutKeyIsAUsageError(Cli cli) {
    String message = cli.run("x".getBytes(), "put", "-", "--if-absent").failure(2);

    assertThat(message).contains("--if-absent needs --key");
    assertThat(cli.run("ls", "--json").ok().out()).isEmpty();
  }

  @CliTest
  void nonexistentFileFailsAndStoresNothing(Cli cli) {
    Path missing = cli.dir().resolve("missing.bin");

    String message = cli.run("put", missing.toString(), "--key", "k").failure(1);

    assertThat(message).isEqualTo("blobkeep: no such file or directory: " + missing);
    assertThat(cli.run("ls", "--json").ok().out()).isEmpty();
  }

  @CliTest
  void directoryFailsAndStoresNothing(Cli cli) {
    String message = cli.run("put", cli.dir().toString()).failure(1);

    assertThat(message).isEqualTo("blobkeep: " + cli.dir() + " is a directory, not a file");
    assertThat(cli.run("ls", "--json").ok().out()).isEmpty();
  }

  @CliTest
  void badBucketNameFailsNamingIt(Cli cli) {
    String message = cli.run("x".getBytes(), "put", "-", "--bucket", "no space").failure(1);

    assertThat(message).contains("'no space'");
  }

  @CliTest
  void metaWithoutEqualsIsAUsageError(Cli cli) {
    String message = cli.run("x".getBytes(), "put", "-", "--meta", "owner").failure(2);

    assertThat(message).contains("'owner' is not NAME=VALUE");
  }

  @CliTest
  void showsProgressOnlyWhenSomeoneWatchesALargeTransfer(Cli cli) throws Exception {
    byte[] big = TestData.random((int) Progress.THRESHOLD + 1_000_000, 1);
    Path file = Files.write(cli.dir().resolve("big.bin"), big);

    Cli.Result watched = cli.runInteractive(new byte[0], "put", file.toString());
    Cli.Result unwatched = cli.run("put", file.toString());
    Cli.Result small = cli.runInteractive("small".getBytes(), "put", "-");

    assertThat(watched.status()).isZero();
    assertThat(watched.stderr()).startsWith("\rput " + file).contains("100%").endsWith("\n");
    assertThat(unwatched.ok().stderr()).isEmpty();
    assertThat(small.ok().stderr()).isEmpty();
  }

  private static String contentType(Cli cli, String ref) {
    return TestData.json(cli.run("info", ref).ok().out()).get("content_type").asText();
  }
}
