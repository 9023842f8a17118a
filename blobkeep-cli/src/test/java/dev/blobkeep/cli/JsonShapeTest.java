package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.server.BlobServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI and the HTTP API show a blob as the same JSON object (snake_case names, every field, user
 * fields in {@code meta}), and read {@code --where} / {@code where.} values by the same rule.
 */
class JsonShapeTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @CliTest
  void infoLsJsonAndTheHttpApiPrintTheSameObject(Cli cli) throws Exception {
    String id =
        cli.put(
            "hello",
            "--bucket",
            "docs",
            "--key",
            "a.txt",
            "--meta",
            "owner=ann",
            "--type",
            "text/plain");
    JsonNode info = TestData.json(cli.run("info", id).ok().out());
    JsonNode listed = TestData.json(cli.run("ls", "--json").ok().out());

    JsonNode httpListed;
    JsonNode httpPut;
    try (BlobStore store = BlobStore.open(cli.location());
        BlobServer server = BlobServer.builder().store(store).port(0).noAuth(true).build()) {
      server.start();
      httpListed = get(server, "/b/docs?prefix=a.txt").get("items").get(0);
      httpPut =
          send(
              server,
              HttpRequest.newBuilder(uri(server, "/b/docs/b.txt"))
                  .header("Content-Type", "text/plain")
                  .header("x-blobkeep-meta-owner", "bob")
                  .PUT(HttpRequest.BodyPublishers.ofString("bye")));
    }
    JsonNode infoOfHttpPut = TestData.json(cli.run("info", "docs/b.txt").ok().out());

    assertThat(info.fieldNames())
        .toIterable()
        .containsExactly(
            "id", "bucket", "key", "size", "content_type", "sha256", "created", "updated", "meta");
    assertThat(listed).isEqualTo(info);
    assertThat(httpListed).isEqualTo(info);
    assertThat(httpPut).isEqualTo(infoOfHttpPut);
  }

  @CliTest
  void aBlobWithoutAKeyShowsKeyNullEverywhere(Cli cli) throws Exception {
    String id = cli.put("x", "--bucket", "loose");
    JsonNode info = TestData.json(cli.run("info", id).ok().out());

    JsonNode httpListed;
    try (BlobStore store = BlobStore.open(cli.location());
        BlobServer server = BlobServer.builder().store(store).port(0).noAuth(true).build()) {
      server.start();
      httpListed = get(server, "/b/loose").get("items").get(0);
    }

    assertThat(info.get("key").isNull()).isTrue();
    assertThat(httpListed).isEqualTo(info);
  }

  @CliTest
  void theHttpApiStillTakesCamelCaseFieldNamesButAnswersInSnakeCase(Cli cli) throws Exception {
    cli.put("x", "--bucket", "docs", "--key", "k", "--type", "image/png");

    JsonNode item;
    try (BlobStore store = BlobStore.open(cli.location());
        BlobServer server = BlobServer.builder().store(store).port(0).noAuth(true).build()) {
      server.start();
      item = get(server, "/b/docs?fields=key,contentType").get("items").get(0);
    }

    assertThat(item.fieldNames()).toIterable().containsExactly("id", "key", "content_type");
    assertThat(item.get("content_type").asText()).isEqualTo("image/png");
  }

  @CliTest
  void whereReadsValuesByOneRuleInTheCliAndOverHttp(Cli cli) throws Exception {
    String[] ids = new String[2];
    cli.withStore(
        store -> {
          ids[0] = store.put(new byte[] {1}, PutOptions.in("web").meta("http_status", 200)).id();
          ids[1] = store.put(new byte[] {2}, PutOptions.in("web").meta("http_status", "200")).id();
        });
    List<String> cliNumber = ids(cli, "http_status=200");
    List<String> cliString = ids(cli, "http_status=\"200\"");

    List<String> httpNumber;
    List<String> httpString;
    try (BlobStore store = BlobStore.open(cli.location());
        BlobServer server = BlobServer.builder().store(store).port(0).noAuth(true).build()) {
      server.start();
      httpNumber = ids(get(server, "/b/web?where.http_status=200"));
      httpString = ids(get(server, "/b/web?where.http_status=" + encode("\"200\"")));
    }

    assertThat(cliNumber).containsExactly(ids[0]).isEqualTo(httpNumber);
    assertThat(cliString).containsExactly(ids[1]).isEqualTo(httpString);
  }

  private static List<String> ids(Cli cli, String where) {
    return cli.run("ls", "--where", where, "--json").ok().lines().stream()
        .map(line -> TestData.json(line).get("id").asText())
        .toList();
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static URI uri(BlobServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private static JsonNode get(BlobServer server, String path) throws Exception {
    return send(server, HttpRequest.newBuilder(uri(server, path)).GET());
  }

  private static JsonNode send(BlobServer server, HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    return TestData.json(response.body());
  }
}
