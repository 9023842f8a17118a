package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

class MetaCommandTest {
  @CliTest
  void setsAndRemovesUserFieldsAsStringsWithoutTouchingContent(Cli cli) {
    byte[] content = TestData.allByteValues(2000);
    String id = cli.put(content, "--meta", "owner=ann", "--meta", "draft=yes");

    cli.run("meta", id, "owner=bob", "count=3", "--unset", "draft").ok();

    JsonNode info = TestData.json(cli.run("info", id).ok().out());
    assertThat(info.get("meta").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("owner", "count");
    assertThat(info.get("meta").get("owner").asText()).isEqualTo("bob");
    assertThat(info.get("meta").get("count").isTextual()).isTrue();
    assertThat(info.get("sha256").asText()).isEqualTo(TestData.sha256(content));
    assertThat(cli.get(id)).isEqualTo(content);
  }

  @CliTest
  void worksByBucketAndKey(Cli cli) {
    cli.put("x", "--bucket", "b", "--key", "k");

    cli.run("meta", "b/k", "a=1").ok();

    assertThat(TestData.json(cli.run("info", "b/k").ok().out()).get("meta").get("a").asText())
        .isEqualTo("1");
  }

  @CliTest
  void nothingToChangeIsAUsageError(Cli cli) {
    String id = cli.put("x");

    assertThat(cli.run("meta", id).failure(2)).contains("nothing to change");
  }

  @CliTest
  void fieldWithoutEqualsIsAUsageErrorAndChangesNothing(Cli cli) {
    String id = cli.put("x", "--meta", "a=1");

    assertThat(cli.run("meta", id, "b=2", "oops").failure(2)).contains("'oops' is not NAME=VALUE");
    assertThat(TestData.json(cli.run("info", id).ok().out()).get("meta").size()).isEqualTo(1);
  }

  @CliTest
  void unknownRefFails(Cli cli) {
    assertThat(cli.run("meta", "b/none", "a=1").failure(1)).isEqualTo("blobkeep: no blob b/none");
  }
}
