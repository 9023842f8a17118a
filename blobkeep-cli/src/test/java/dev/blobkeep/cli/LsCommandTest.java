package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blobkeep.PutOptions;
import java.util.List;

class LsCommandTest {
  @CliTest
  void printsAnAlignedTableWithTheDefaultColumns(Cli cli) {
    String a = cli.put("aaaa", "--bucket", "photos", "--key", "cat.png", "--type", "image/png");
    String b = cli.put("bb", "--bucket", "docs");

    List<String> lines = cli.run("ls").ok().lines();

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).split(" +"))
        .containsExactly("ID", "BUCKET", "KEY", "SIZE", "CONTENT_TYPE", "UPDATED");
    assertThat(lines.get(1)).startsWith(a + "  photos  cat.png     4  image/png ");
    assertThat(lines.get(2)).startsWith(b + "  docs    -           2  application/octet-stream ");
    int updated = lines.get(0).indexOf("UPDATED");
    assertThat(lines.get(1).substring(updated)).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(lines.get(2).substring(updated)).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  @CliTest
  void anEmptyStorePrintsOnlyTheHeader(Cli cli) {
    assertThat(cli.run("ls").ok().lines()).hasSize(1);
    assertThat(cli.run("ls", "--json").ok().out()).isEmpty();
  }

  @CliTest
  void filtersByBucketPrefixAndUserFields(Cli cli) {
    cli.put("1", "--bucket", "p", "--key", "2024/a", "--meta", "owner=ann");
    String wanted = cli.put("2", "--bucket", "p", "--key", "2024/b", "--meta", "owner=bob");
    cli.put("3", "--bucket", "p", "--key", "2023/c", "--meta", "owner=bob");
    cli.put("4", "--bucket", "q", "--key", "2024/d", "--meta", "owner=bob");

    Cli.Result result =
        cli.run("ls", "--bucket", "p", "--prefix", "2024/", "--where", "owner=bob", "--json").ok();

    assertThat(result.lines()).hasSize(1);
    assertThat(TestData.json(result.lines().get(0)).get("id").asText()).isEqualTo(wanted);
  }

  @CliTest
  void whereMatchesANumberUnquotedAndAStringQuoted(Cli cli) {
    String[] ids = new String[2];
    cli.withStore(
        store -> {
          ids[0] = store.put(new byte[] {1}, PutOptions.defaults().meta("http_status", 200)).id();
          ids[1] = store.put(new byte[] {2}, PutOptions.defaults().meta("http_status", "200")).id();
        });

    assertThat(idsWhere(cli, "http_status=200")).containsExactly(ids[0]);
    assertThat(idsWhere(cli, "http_status=\"200\"")).containsExactly(ids[1]);
    assertThat(idsWhere(cli, "http_status=201")).isEmpty();
  }

  @CliTest
  void whereReadsTrueFalseAndNullAsJsonAndOtherTextAsAString(Cli cli) {
    String[] ids = new String[4];
    cli.withStore(
        store -> {
          ids[0] = store.put(new byte[] {1}, PutOptions.defaults().meta("ok", true)).id();
          ids[1] = store.put(new byte[] {2}, PutOptions.defaults().meta("ok", "true")).id();
          ids[2] = store.put(new byte[] {3}, PutOptions.defaults().meta("ok", "maybe so")).id();
          ids[3] = store.put(new byte[] {4}, PutOptions.defaults().meta("n", 1.5)).id();
        });

    assertThat(idsWhere(cli, "ok=true")).containsExactly(ids[0]);
    assertThat(idsWhere(cli, "ok=\"true\"")).containsExactly(ids[1]);
    assertThat(idsWhere(cli, "ok=maybe so")).containsExactly(ids[2]);
    assertThat(idsWhere(cli, "n=1.5")).containsExactly(ids[3]);
  }

  @CliTest
  void whereStillMatchesStringsStoredByTheCli(Cli cli) {
    String id = cli.put("x", "--meta", "owner=ann");

    assertThat(idsWhere(cli, "owner=ann")).containsExactly(id);
    assertThat(idsWhere(cli, "owner=bob")).isEmpty();
  }

  @CliTest
  void aBadBucketNameIsAUsageError(Cli cli) {
    assertThat(cli.run("ls", "--bucket", "no/slash").failure(2)).contains("no/slash");
    assertThat(cli.run("put", "-", "--bucket", "no/slash").failure(2)).contains("no/slash");
    assertThat(cli.run("alloc", "1", "--bucket", "no/slash").failure(2)).contains("no/slash");
    assertThat(cli.run("ls").ok().lines()).hasSize(1); // nothing was stored
  }

  private static List<String> idsWhere(Cli cli, String where) {
    return cli.run("ls", "--where", where, "--fields", "id", "--json").ok().lines().stream()
        .map(line -> TestData.json(line).get("id").asText())
        .toList();
  }

  @CliTest
  void fieldsPicksColumnsIncludingUserFields(Cli cli) {
    String id = cli.put("hello", "--key", "k", "--meta", "owner=ann", "--meta", "note=a\nb");

    List<String> table = cli.run("ls", "--fields", "id,size,owner,note").ok().lines();
    JsonNode json =
        TestData.json(cli.run("ls", "--fields", "key,sha256,meta,missing", "--json").ok().out());

    assertThat(table.get(0).split(" +")).containsExactly("ID", "SIZE", "OWNER", "NOTE");
    assertThat(table.get(1)).isEqualTo(id + "     5  ann    a\\nb");
    assertThat(json.fieldNames()).toIterable().containsExactly("key", "sha256", "meta", "missing");
    assertThat(json.get("key").asText()).isEqualTo("k");
    assertThat(json.get("sha256").asText()).isEqualTo(TestData.sha256("hello".getBytes()));
    assertThat(json.get("meta").get("owner").asText()).isEqualTo("ann");
    assertThat(json.get("missing").isNull()).isTrue();
  }

  @CliTest
  void jsonHasEveryFieldIncludingUserFieldsAndNeverTheContent(Cli cli) {
    cli.put("SECRET-CONTENT", "--key", "k", "--meta", "owner=ann");

    String out = cli.run("ls", "--json").ok().out();

    JsonNode json = TestData.json(out);
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "id", "bucket", "key", "size", "content_type", "sha256", "created", "updated", "meta");
    assertThat(json.get("meta").get("owner").asText()).isEqualTo("ann");
    assertThat(out).doesNotContain("SECRET");
  }

  @CliTest
  void followsEveryPageWithoutLimitAndStopsAtTheLimit(Cli cli) {
    int count = 2 * 1000 + 5; // more than two pages
    cli.withStore(
        store ->
            store.useTransaction(
                tx -> {
                  for (int i = 0; i < count; i++) {
                    tx.put(new byte[] {(byte) i}, PutOptions.in("many"));
                  }
                }));

    List<String> ids = cli.run("ls", "--fields", "id", "--json").ok().lines();
    List<String> all = cli.run("ls", "--json").ok().lines();
    List<String> table = cli.run("ls", "--bucket", "many").ok().lines();
    List<String> limited = cli.run("ls", "--json", "--limit", "1001").ok().lines();

    assertThat(ids).hasSize(count).doesNotHaveDuplicates().isSorted();
    assertThat(all).hasSize(count);
    assertThat(table).hasSize(count + 1);
    assertThat(limited).isEqualTo(all.subList(0, 1001));
  }

  @CliTest
  void limitPrintsAtMostThatManyRows(Cli cli) {
    for (int i = 0; i < 5; i++) {
      cli.put("x" + i);
    }

    assertThat(cli.run("ls", "--limit", "3").ok().lines()).hasSize(4);
    assertThat(cli.run("ls", "--limit", "3", "--json").ok().lines()).hasSize(3);
    assertThat(cli.run("ls", "--limit", "9", "--json").ok().lines()).hasSize(5);
  }

  @CliTest
  void limitBelowOneIsAUsageError(Cli cli) {
    assertThat(cli.run("ls", "--limit", "0").failure(2)).contains("--limit must be at least 1");
  }

  @CliTest
  void badFieldNamesFailInOneLine(Cli cli) {
    assertThat(cli.run("ls", "--fields", "id,a\"b").failure(2)).contains("a\"b");
    assertThat(cli.run("ls", "--fields", "id,").failure(2)).contains("user field name is empty");
  }

  @CliTest
  void fieldsMayBeRepeated(Cli cli) {
    cli.put("x");

    assertThat(cli.run("ls", "--fields", "id", "--fields", "size,bucket").ok().lines().get(0))
        .isEqualTo("ID                                    SIZE  BUCKET");
  }
}
