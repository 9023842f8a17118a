package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens, bucket grants, paths that try to escape, and errors that never leak internals. */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.Backends#names")
class SecurityTest extends ServerTest {

  @Test
  void requestsWithoutAValidTokenAre401WithAChallenge() {
    http.token = null;
    HttpResponse<byte[]> none = http.get("/b/docs/a");
    assertThat(error(none, 401)).contains("Bearer");
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"blobkeep\"");

    http.token = "not-a-token";
    assertThat(error(http.get("/b/docs/a"), 401)).isEqualTo("the bearer token is not valid");
    assertThat(error(http.put("/b/docs/a", new byte[] {1}), 401)).isNotBlank();
    assertThat(error(http.get("/b"), 401)).isNotBlank();
    http.token = null;
    assertThat(error(http.get("/b/docs/a", "Authorization", "Basic YTpi"), 401)).contains("Bearer");
    assertThat(store.exists(dev.blobkeep.BlobRef.key("docs", "a"))).isFalse();
  }

  @Test
  void aReadOnlyTokenReadsItsBucketsAndNothingElse() {
    http.put("/b/photos/p", new byte[] {1});
    String secretId = (String) Http.json(http.put("/b/secret/s", new byte[] {2})).get("id");
    http.token = VIEWER;

    assertThat(http.get("/b/photos/p").statusCode()).isEqualTo(200);
    assertThat(http.get("/b/photos").statusCode()).isEqualTo(200);
    assertThat(error(http.put("/b/photos/p", new byte[] {9}), 403)).contains("read-only");
    assertThat(error(http.delete("/b/photos/p"), 403)).contains("read-only");
    assertThat(error(http.patch("/b/photos/p?offset=0", new byte[] {9}), 403))
        .contains("read-only");
    assertThat(error(http.post("/b/photos", new byte[] {9}), 403)).contains("read-only");
    assertThat(error(http.get("/b/secret/s"), 403)).contains("'secret'");
    assertThat(error(http.get("/b/secret"), 403)).contains("'secret'");
    assertThat(error(http.get("/id/" + secretId), 403)).contains("'secret'");
    assertThat(http.head("/id/" + secretId).statusCode()).isEqualTo(403);
    http.token = ADMIN;
    assertThat(http.get("/b/photos/p").body()).containsExactly(1);
  }

  @Test
  void aWriteTokenWritesOnlyItsBuckets() {
    http.token = WRITER;

    assertThat(http.put("/b/photos/w", new byte[] {1}).statusCode()).isEqualTo(201);
    assertThat(error(http.put("/b/docs/w", new byte[] {1}), 403)).contains("'docs'");
    http.token = ADMIN;
    String docId = (String) Http.json(http.put("/b/docs/d", new byte[] {1})).get("id");
    http.token = WRITER;
    error(http.delete("/id/" + docId), 403);
    error(http.patch("/id/" + docId + "?offset=0", new byte[] {1}), 403);
    assertThat(store.exists(dev.blobkeep.BlobRef.id(docId))).isTrue();
  }

  @Test
  void pathsThatTryToEscapeAre400() {
    String[] paths = {
      "/b/docs/../secret/x",
      "/b/docs/%2e%2e/x",
      "/b/docs/a%2Fb",
      "/b/docs/a%2fb",
      "/b/docs/a%5Cb",
      "/b/docs/a\\b",
      "/b/docs/a%00b",
      "/b/docs/./x",
      "/b/docs//x",
      "/id/..",
      "/b/docs/%C0%AE%C0%AE/x",
    };
    for (String path : paths) {
      String answer = http.raw("GET " + path + " HTTP/1.1");
      assertThat(answer).as(path).startsWith("HTTP/1.1 400 ");
      assertThat(answer).as(path).contains("application/json").contains("{\"error\":");
      assertThat(answer).as(path).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void clientMistakesAreJson4xxNeverStackTraces() {
    assertThat(error(http.get("/b/bad%20bucket/x"), 400)).contains("bucket name");
    assertThat(error(http.get("/id/not-a-uuid"), 400)).contains("not a UUID");
    assertThat(error(http.put("/b/docs/x", new byte[] {1}, "Content-Type", "nonsense"), 400))
        .contains("content type");
    assertThat(error(http.get("/nowhere"), 404)).contains("/nowhere");
    HttpResponse<byte[]> wrong =
        http.send(http.request("/b/docs").PUT(java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(error(wrong, 405)).contains("PUT");
    assertThat(wrong.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
    assertThat(error(http.put("/b/docs/x", new byte[] {1}, "x-blobkeep-meta-", "v"), 400))
        .isNotBlank();
    String raw = http.raw("GET /b/docs/x HTTP/1.1\r\nX-Big: " + "a".repeat(20_000));
    assertThat(raw).startsWith("HTTP/1.1 431 ").contains("{\"error\":");
    assertThat(http.raw("NONSENSE")).startsWith("HTTP/1.1 400 ").contains("{\"error\":");
  }
}
