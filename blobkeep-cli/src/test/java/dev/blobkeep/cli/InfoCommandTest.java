package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

class InfoCommandTest {
  @CliTest
  void printsOneJsonObjectWithEveryField(Cli cli) {
    byte[] content = TestData.allByteValues(3000);
    String id = cli.put(content, "--bucket", "b", "--key", "k.bin", "--meta", "owner=ann");

    Cli.Result result = cli.run("info", "b/k.bin").ok();

    JsonNode info = TestData.json(result.out());
    assertThat(info.fieldNames())
        .toIterable()
        .containsExactly(
            "id", "bucket", "key", "size", "content_type", "sha256", "created", "updated", "meta");
    assertThat(info.get("id").asText()).isEqualTo(id);
    assertThat(info.get("bucket").asText()).isEqualTo("b");
    assertThat(info.get("key").asText()).isEqualTo("k.bin");
    assertThat(info.get("size").asLong()).isEqualTo(3000);
    assertThat(info.get("sha256").asText()).isEqualTo(TestData.sha256(content));
    assertThat(info.get("meta").get("owner").asText()).isEqualTo("ann");
    for (String time : List.of("created", "updated")) {
      assertThat(info.get(time).asText()).endsWith("Z");
      assertThat(Instant.parse(info.get(time).asText())).isBefore(Instant.now().plusSeconds(1));
    }
  }

  @CliTest
  void aBlobWithoutKeyHasNullKeyAndEmptyMeta(Cli cli) {
    String id = cli.put("x");

    JsonNode info = TestData.json(cli.run("info", id).ok().out());

    assertThat(info.get("key").isNull()).isTrue();
    assertThat(info.get("bucket").asText()).isEqualTo("default");
    assertThat(info.get("meta").isObject()).isTrue();
    assertThat(info.get("meta").size()).isZero();
  }

  @CliTest
  void unknownRefFails(Cli cli) {
    assertThat(cli.run("info", "b/missing").failure(1)).isEqualTo("blobkeep: no blob b/missing");
  }
}
