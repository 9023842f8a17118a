package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

class ResizeCommandTest {
  @CliTest
  void growsWithZerosAndShrinksByCuttingTheTail(Cli cli) {
    String id = cli.put("abc");

    cli.run("resize", id, "6").ok();
    assertThat(cli.get(id)).isEqualTo("abc\0\0\0".getBytes());

    cli.run("resize", id, "2").ok();
    assertThat(cli.get(id)).asString().isEqualTo("ab");
  }

  @CliTest
  void acceptsSizeSuffixes(Cli cli) {
    String id = cli.put("abc", "--key", "k");

    cli.run("resize", "default/k", "1K").ok();

    assertThat(cli.get(id)).hasSize(1024);
  }

  @CliTest
  void negativeSizeIsAUsageErrorAndChangesNothing(Cli cli) {
    String id = cli.put("abc");

    assertThat(cli.run("resize", id, "-1").failure(2)).contains("size '-1' is negative");
    assertThat(cli.get(id)).asString().isEqualTo("abc");
  }

  @CliTest
  void unknownRefFails(Cli cli) {
    assertThat(cli.run("resize", "b/none", "1").failure(1)).isEqualTo("blobkeep: no blob b/none");
  }
}
