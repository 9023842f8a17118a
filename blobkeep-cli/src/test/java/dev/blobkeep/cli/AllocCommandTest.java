package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

class AllocCommandTest {
  @CliTest
  void createsAZeroFilledBlobAndPrintsItsId(Cli cli) {
    Cli.Result result =
        cli.run("alloc", "64K", "--bucket", "d", "--key", "z", "--meta", "a=b").ok();

    String id = result.out().strip();
    assertThat(result.out()).matches(PutCommandTest.UUID + "\n");
    assertThat(cli.get("d/z")).isEqualTo(new byte[64 * 1024]);
    JsonNode info = TestData.json(cli.run("info", id).ok().out());
    assertThat(info.get("meta").get("a").asText()).isEqualTo("b");
  }

  @CliTest
  void allocatesLargeSizesWithoutWritingThem(Cli cli) {
    String id = cli.run("alloc", "1G").ok().out().strip();

    JsonNode listed = TestData.json(cli.run("ls", "--fields", "id,size", "--json").ok().out());

    assertThat(listed.get("id").asText()).isEqualTo(id);
    assertThat(listed.get("size").asLong()).isEqualTo(1L << 30);
  }

  @CliTest
  void zeroIsASize(Cli cli) {
    String id = cli.run("alloc", "0").ok().out().strip();

    assertThat(cli.get(id)).isEmpty();
  }

  @CliTest
  void badSizesAreUsageErrorsNamingTheText(Cli cli) {
    assertThat(cli.run("alloc", "-5").failure(2)).contains("size '-5' is negative");
    assertThat(cli.run("alloc", "12X").failure(2)).contains("size '12X' is not a number");
    assertThat(cli.run("alloc", "99999999999G").failure(2))
        .contains("size '99999999999G' is too large");
    assertThat(cli.run("alloc", "").failure(2)).contains("size is empty");
    assertThat(cli.run("ls", "--json").ok().out()).isEmpty();
  }
}
