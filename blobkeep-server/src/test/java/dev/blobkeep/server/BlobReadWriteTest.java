package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("dev.blobkeep.server.Backends#names")
class BlobReadWriteTest extends ServerTest {

  @Test
  void putStoresTheBodyAndAnswersIdSizeAndEtag() {
    byte[] body = bytes(300_000, 1);
    HttpResponse<byte[]> put =
        http.put(
            "/b/photos/2024/cat.png",
            body,
            "Content-Type",
            "image/png",
            "X-Blobkeep-Meta-Owner",
            "ann");

    assertThat(put.statusCode()).isEqualTo(201);
    Map<String, Object> json = Http.json(put);
    assertThat(json)
        .containsEntry("bucket", "photos")
        .containsEntry("key", "2024/cat.png")
        .containsEntry("size", 300_000)
        .containsEntry("content_type", "image/png")
        .containsEntry("sha256", sha256(body))
        .containsEntry("meta", Map.of("owner", "ann"))
        .containsKey("id");
    assertThat(put.headers().firstValue("ETag")).hasValue("\"" + sha256(body) + "\"");
    assertThat(put.headers().firstValue("Location")).hasValue("/b/photos/2024/cat.png");
  }

  @Test
  void getStreamsTheBlobWithItsHeaders() {
    byte[] body = bytes(1_000_000, 2);
    http.put(
        "/b/photos/big.bin", body, "Content-Type", "application/x-test", "x-blobkeep-meta-n", "7");

    HttpResponse<byte[]> get = http.get("/b/photos/big.bin");

    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(body);
    assertThat(get.headers().firstValue("Content-Type")).hasValue("application/x-test");
    assertThat(get.headers().firstValue("Content-Length")).hasValue("1000000");
    assertThat(get.headers().firstValue("ETag")).hasValue("\"" + sha256(body) + "\"");
    assertThat(get.headers().firstValue("Last-Modified")).get().asString().endsWith(" GMT");
    assertThat(get.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    assertThat(get.headers().firstValue("x-blobkeep-meta-n")).hasValue("7");
    assertThat(get.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(get.headers().firstValue("Content-Security-Policy"))
        .get()
        .asString()
        .contains("sandbox");
  }

  @Test
  void headAnswersTheHeadersOfGetWithoutABody() {
    byte[] body = bytes(5000, 3);
    http.put("/b/docs/a.txt", body, "Content-Type", "text/plain");

    HttpResponse<byte[]> head = http.head("/b/docs/a.txt");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).hasValue("5000");
    assertThat(head.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(head.headers().firstValue("ETag")).hasValue("\"" + sha256(body) + "\"");
  }

  @Test
  void getAndHeadByIdServeTheSameBlob() {
    byte[] body = "by id".getBytes(StandardCharsets.UTF_8);
    String id = (String) Http.json(http.put("/b/docs/x", body)).get("id");

    assertThat(http.get("/id/" + id).body()).isEqualTo(body);
    assertThat(http.head("/id/" + id).headers().firstValue("Content-Length")).hasValue("5");
    assertThat(http.get("/id/" + id).headers().firstValue("Content-Type"))
        .hasValue("application/octet-stream");
  }

  @Test
  void putOverAnExistingKeyReplacesItWith200() {
    http.put("/b/docs/k", "old".getBytes(StandardCharsets.UTF_8));

    HttpResponse<byte[]> again = http.put("/b/docs/k", "new!".getBytes(StandardCharsets.UTF_8));

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(Http.text(http.get("/b/docs/k"))).isEqualTo("new!");
  }

  @Test
  void anEmptyBodyMakesAnEmptyBlob() {
    assertThat(http.put("/b/docs/empty", new byte[0]).statusCode()).isEqualTo(201);

    HttpResponse<byte[]> get = http.get("/b/docs/empty");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEmpty();
    assertThat(get.headers().firstValue("Content-Length")).hasValue("0");
  }

  @Test
  void keysWithSpacesAndUnicodeRoundTripThroughTheUrl() {
    byte[] body = "ü".getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> put = http.put("/b/docs/my%20files/%C3%BC%20b.txt", body);

    assertThat(Http.json(put)).containsEntry("key", "my files/ü b.txt");
    assertThat(put.headers().firstValue("Location")).hasValue("/b/docs/my%20files/%C3%BC%20b.txt");
    assertThat(http.get("/b/docs/my%20files/%C3%BC%20b.txt").body()).isEqualTo(body);
  }

  @Test
  void postStoresUnderAKeyTheServerMakes() {
    byte[] body = bytes(1234, 4);
    HttpResponse<byte[]> post = http.post("/b/docs", body, "Content-Type", "text/csv");

    assertThat(post.statusCode()).isEqualTo(201);
    Map<String, Object> json = Http.json(post);
    String key = (String) json.get("key");
    assertThat(key).isNotBlank();
    assertThat(json).containsEntry("content_type", "text/csv").containsEntry("size", 1234);
    String location = post.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo("/b/docs/" + key);
    assertThat(http.get(location).body()).isEqualTo(body);
    assertThat(Http.json(http.post("/b/docs", body)).get("key")).isNotEqualTo(key);
  }

  @Test
  void multipartFormUploadStoresEachFileWithItsNameAndTheTextFields() {
    byte[] png = bytes(70_000, 5);
    byte[] txt = "hello\r\n--not a boundary\r\n".getBytes(StandardCharsets.UTF_8);
    String boundary = "----WebKitFormBoundaryAbC123";
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    writePart(
        form, boundary, "form-data; name=\"owner\"", null, "ann".getBytes(StandardCharsets.UTF_8));
    writePart(form, boundary, "form-data; name=\"file\"; filename=\"cat.png\"", "image/png", png);
    writePart(
        form, boundary, "form-data; name=\"file\"; filename=\"notes.txt\"", "text/plain", txt);
    writePart(
        form,
        boundary,
        "form-data; name=\"file\"; filename=\"\"",
        "application/octet-stream",
        new byte[0]);
    form.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));

    HttpResponse<byte[]> post =
        http.post(
            "/b/photos",
            form.toByteArray(),
            "Content-Type",
            "multipart/form-data; boundary=" + boundary);

    assertThat(post.statusCode()).as(Http.text(post)).isEqualTo(201);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items = (List<Map<String, Object>>) Http.json(post).get("items");
    assertThat(items).hasSize(2);
    assertThat(items.get(0))
        .containsEntry("content_type", "image/png")
        .containsEntry("size", 70_000)
        .containsEntry("meta", Map.of("owner", "ann", "filename", "cat.png"));
    assertThat(items.get(1)).containsEntry("meta", Map.of("owner", "ann", "filename", "notes.txt"));
    assertThat(http.get("/id/" + items.get(0).get("id")).body()).isEqualTo(png);
    assertThat(http.get("/id/" + items.get(1).get("id")).body()).isEqualTo(txt);
  }

  @Test
  void aTruncatedMultipartBodyIsA400() {
    String boundary = "xyz";
    byte[] form =
        ("--xyz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\nabc")
            .getBytes(StandardCharsets.US_ASCII);

    String message =
        error(
            http.post("/b/docs", form, "Content-Type", "multipart/form-data; boundary=" + boundary),
            400);

    assertThat(message).contains("closing boundary");
  }

  @Test
  void deleteRemovesTheBlob() {
    http.put("/b/docs/gone", new byte[] {1});

    HttpResponse<byte[]> delete = http.delete("/b/docs/gone");

    assertThat(delete.statusCode()).isEqualTo(204);
    assertThat(error(http.get("/b/docs/gone"), 404)).isEqualTo("no blob docs/gone");
    error(http.delete("/b/docs/gone"), 404);
  }

  @Test
  void deleteByIdRemovesTheBlob() {
    String id = (String) Http.json(http.put("/b/docs/gone", new byte[] {1})).get("id");

    assertThat(http.delete("/id/" + id).statusCode()).isEqualTo(204);
    assertThat(error(http.get("/id/" + id), 404)).contains(id);
  }

  @Test
  void missingBlobsAre404WithAJsonMessage() {
    assertThat(error(http.get("/b/docs/nothing"), 404)).isEqualTo("no blob docs/nothing");
    assertThat(error(http.get("/id/01234567-89ab-7def-8123-456789abcdef"), 404))
        .contains("01234567-89ab-7def-8123-456789abcdef");
  }

  static void writePart(
      ByteArrayOutputStream out, String boundary, String disposition, String type, byte[] content) {
    StringBuilder head = new StringBuilder();
    head.append("--").append(boundary).append("\r\n");
    head.append("Content-Disposition: ").append(disposition).append("\r\n");
    if (type != null) {
      head.append("Content-Type: ").append(type).append("\r\n");
    }
    head.append("\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
  }
}
