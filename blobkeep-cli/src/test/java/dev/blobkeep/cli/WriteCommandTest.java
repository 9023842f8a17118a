package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

class WriteCommandTest {
  @CliTest
  void overwritesBytesInPlaceFromAFile(Cli cli) {
    String id = cli.run("alloc", "16").ok().out().strip();
    Path data = cli.file("data", "abcd".getBytes());

    cli.run("write", id, "--offset", "4", data.toString()).ok();

    assertThat(cli.get(id)).isEqualTo("\0\0\0\0abcd\0\0\0\0\0\0\0\0".getBytes());
  }

  @CliTest
  void readsStandardInputByDefaultOrGivenAsDash(Cli cli) {
    String id = cli.put("0123456789", "--key", "k");

    cli.run("AB".getBytes(), "write", "default/k", "--offset", "0").ok();
    cli.run("YZ".getBytes(), "write", "default/k", "--offset", "8", "-").ok();

    assertThat(cli.get(id)).asString().isEqualTo("AB234567YZ");
  }

  @CliTest
  void writingUpToTheEndExactlyWorksAndKeepsTheSize(Cli cli) {
    byte[] content = TestData.random(600_000, 2);
    String id = cli.put(content);
    byte[] patch = TestData.random(400_000, 3);

    cli.run(patch, "write", id, "--offset", "200000").ok();

    byte[] expected = content.clone();
    System.arraycopy(patch, 0, expected, 200_000, patch.length);
    assertThat(cli.get(id)).isEqualTo(expected);
    // info reads no content: the SHA-256 is stale (null) after an in-place write, until verify
    assertThat(TestData.json(cli.run("info", id).ok().out()).get("sha256").isNull()).isTrue();
  }

  @CliTest
  void aFileThatPassesTheEndFailsAndWritesNothing(Cli cli) {
    String id = cli.put("0123456789");
    Path data = cli.file("data", "abcd".getBytes());

    String message = cli.run("write", id, "--offset", "8", data.toString()).failure(1);

    assertThat(message)
        .isEqualTo(
            "blobkeep: offset 8 + 4 bytes of "
                + data
                + " passes the end of blob "
                + id
                + " (size 10); nothing written");
    assertThat(cli.get(id)).asString().isEqualTo("0123456789");
  }

  @CliTest
  void standardInputThatPassesTheEndFailsAndWritesNothing(Cli cli) {
    byte[] content = TestData.random(700_000, 4);
    String id = cli.put(content);
    // Passes the end only after several buffers have been written: the transaction undoes them.
    byte[] tooLong = TestData.random(650_000, 5);

    String message = cli.run(tooLong, "write", id, "--offset", "100000").failure(1);

    assertThat(message)
        .isEqualTo(
            "blobkeep: offset 100000 + more than 600000 bytes of standard input passes the end"
                + " of blob "
                + id
                + " (size 700000); nothing written");
    assertThat(cli.get(id)).isEqualTo(content);
  }

  @CliTest
  void offsetPastTheEndFails(Cli cli) {
    String id = cli.put("0123456789");

    String message = cli.run(new byte[0], "write", id, "--offset", "11").failure(1);

    assertThat(message).contains("offset 11 passes the end of blob " + id + " (size 10)");
  }

  @CliTest
  void offsetIsRequired(Cli cli) {
    String id = cli.put("0123456789");

    assertThat(cli.run("ab".getBytes(), "write", id).failure(2)).contains("--offset");
    assertThat(cli.get(id)).asString().isEqualTo("0123456789");
  }

  @CliTest
  void aNonexistentFileFailsAndWritesNothing(Cli cli) {
    String id = cli.put("0123456789");
    Path missing = cli.dir().resolve("missing");

    assertThat(cli.run("write", id, "--offset", "0", missing.toString()).failure(1))
        .isEqualTo("blobkeep: no such file or directory: " + missing);
    assertThat(cli.get(id)).asString().isEqualTo("0123456789");
  }

  @CliTest
  void unknownRefFails(Cli cli) {
    assertThat(cli.run("x".getBytes(), "write", "b/none", "--offset", "0").failure(1))
        .isEqualTo("blobkeep: no blob b/none");
  }
}
