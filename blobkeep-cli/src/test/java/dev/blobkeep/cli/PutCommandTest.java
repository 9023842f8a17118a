package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.bytea.Bytea;
import dev.blobkeep.bytea.Format;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
  void theLibraryAndTheCliGuessTheSameTypeByNameThenByContent(Cli cli) {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
    Path note = cli.file("note.txt", "hello".getBytes(StandardCharsets.UTF_8));
    Path picture = cli.file("picture", png);
    Path json = cli.file("data", "{\"a\": 1}".getBytes(StandardCharsets.UTF_8));
    List<String> viaLibrary = new ArrayList<>();
    cli.withStore(
        store -> {
          for (Path file : List.of(note, picture, json)) {
            viaLibrary.add(store.put(file, PutOptions.defaults()).contentType());
          }
        });

    List<String> viaCli = new ArrayList<>();
    for (Path file : List.of(note, picture, json)) {
      String id = cli.run("put", file.toString()).ok().lines().get(0);
      viaCli.add(contentType(cli, id));
    }

    assertThat(viaLibrary.get(0)).startsWith("text/plain");
    assertThat(viaLibrary.subList(1, 3)).containsExactly("image/png", "application/json");
    assertThat(viaCli).isEqualTo(viaLibrary);
  }

  @CliTest
  void aTypeGivenToTheLibraryIsKeptEvenIfTheNameSaysOtherwise(Cli cli) {
    Path note = cli.file("note.txt", "hello".getBytes(StandardCharsets.UTF_8));
    String[] type = new String[1];

    cli.withStore(
        store ->
            type[0] =
                store
                    .put(note, PutOptions.defaults().contentType("application/octet-stream"))
                    .contentType());

    assertThat(type[0]).isEqualTo("application/octet-stream");
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
  void badBucketNameIsAUsageErrorNamingIt(Cli cli) {
    String message = cli.run("x".getBytes(), "put", "-", "--bucket", "no space").failure(2);

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

  @CliTest
  void formatHexStoresTheBytesTheTextStandsFor(Cli cli) {
    byte[] content = TestData.allByteValues(70_000);
    byte[] text = Bytea.encode(content, Format.HEX).getBytes(StandardCharsets.US_ASCII);

    String fromStdin = cli.put(text, "--format", "hex");
    Path file = cli.file("drawing.hex", text);
    String fromFile = cli.run("put", file.toString(), "--format", "hex").ok().out().strip();

    assertThat(cli.get(fromStdin)).isEqualTo(content);
    assertThat(cli.get(fromFile)).isEqualTo(content);
    JsonNode info = TestData.json(cli.run("info", fromFile).ok().out());
    assertThat(info.get("size").asLong()).isEqualTo(content.length);
    assertThat(info.get("sha256").asText()).isEqualTo(TestData.sha256(content));
  }

  @CliTest
  void formatHexAcceptsWhatPsqlPrints(Cli cli) {
    String id = cli.put(ascii("\\x 01 AB\n"), "--format", "hex");

    assertThat(cli.get(id)).isEqualTo(new byte[] {0x01, (byte) 0xab});
  }

  @CliTest
  void formatEscapeStoresTheBytesTheTextStandsFor(Cli cli) {
    String id = cli.put(ascii("a\\000\\\\\\377~"), "--format", "escape");

    assertThat(cli.get(id)).isEqualTo(new byte[] {'a', 0, '\\', (byte) 0xff, '~'});
  }

  @CliTest
  void formatDoesNotGuessTheTypeFromTheTextFileName(Cli cli) {
    Path file = cli.file("page.html", ascii("\\x3c703e"));

    cli.run("put", file.toString(), "--format", "hex", "--key", "p").ok();

    assertThat(contentType(cli, "default/p")).isEqualTo("application/octet-stream");
    assertThat(cli.get("default/p")).asString().isEqualTo("<p>");
  }

  @CliTest
  void malformedTextStoresNothingAndNamesPositionAndText(Cli cli) {
    byte[] longValidPrefix = Bytea.encode(TestData.random(3_000_000, 7), Format.HEX).getBytes();
    byte[] text = new byte[longValidPrefix.length + 2];
    System.arraycopy(longValidPrefix, 0, text, 0, longValidPrefix.length);
    text[text.length - 2] = '0';
    text[text.length - 1] = 'g';
    Path file = cli.file("bad.hex", ascii("\\x01zz"));

    String fromStdin = cli.run(text, "put", "-", "--format", "hex", "--key", "k").failure(1);
    String fromFile = cli.run("put", file.toString(), "--format", "hex").failure(1);
    String escape = cli.run(ascii("ab\\9"), "put", "-", "--format", "escape").failure(1);

    assertThat(fromStdin)
        .isEqualTo(
            "blobkeep: standard input: invalid hexadecimal digit \"g\" at position "
                + (text.length - 1)
                + "; nothing was stored");
    assertThat(fromFile)
        .isEqualTo(
            "blobkeep: "
                + file
                + ": invalid hexadecimal digit \"z\" at position 4; nothing was stored");
    assertThat(escape)
        .startsWith("blobkeep: standard input: invalid escape")
        .contains("position 2");
    assertThat(cli.run("ls", "--json").ok().out()).isEmpty();
  }

  @CliTest
  void rawIsTheDefaultFormat(Cli cli) {
    String id = cli.put(ascii("\\x01"), "--format", "raw");

    assertThat(cli.get(id)).isEqualTo(ascii("\\x01"));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static String contentType(Cli cli, String ref) {
    return TestData.json(cli.run("info", ref).ok().out()).get("content_type").asText();
  }
}
