package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

class RmCommandTest {
  @CliTest
  void removesEveryBlobGiven(Cli cli) {
    String a = cli.put("a");
    cli.put("b", "--bucket", "x", "--key", "b");
    String c = cli.put("c");

    cli.run("rm", a, "x/b").ok();

    assertThat(cli.run("ls", "--fields", "id", "--json").ok().lines())
        .containsExactly("{\"id\":\"" + c + "\"}");
  }

  @CliTest
  void anUnknownRefAmongOthersRemovesNothing(Cli cli) {
    String a = cli.put("a");
    String c = cli.put("c");

    String message = cli.run("rm", a, "x/missing", c).failure(1);

    assertThat(message).isEqualTo("blobkeep: no blob x/missing");
    assertThat(cli.get(a)).asString().isEqualTo("a");
    assertThat(cli.get(c)).asString().isEqualTo("c");
  }

  @CliTest
  void noRefIsAUsageError(Cli cli) {
    assertThat(cli.run("rm").failure(2)).contains("REF");
  }
}
