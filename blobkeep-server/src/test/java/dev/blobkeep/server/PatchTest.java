package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** PATCH: in-place writes through the library's channel, with its bounds rules. */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.Backends#names")
class PatchTest extends ServerTest {
  static final String PATH = "/b/docs/ten";
  String id;

  @BeforeEach
  void storeTenBytes() {
    id = (String) Http.json(http.put(PATH, ascii("0123456789"))).get("id");
  }

  @Test
  void contentRangeWritesInPlaceAndTheEtagFollows() {
    HttpResponse<byte[]> r = http.patch(PATH, ascii("abc"), "Content-Range", "bytes 2-4/10");

    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
    assertThat(Http.text(http.get(PATH))).isEqualTo("01abc56789");
    // The SHA-256 is stale until verify; the ETag is made from id and version, no hashing.
    assertThat(Http.json(r)).containsEntry("sha256", null).containsEntry("size", 10);
    String etag = "\"v1-" + id + "\"";
    assertThat(r.headers().firstValue("ETag")).hasValue(etag);
    assertThat(http.get(PATH).headers().firstValue("ETag")).hasValue(etag);
  }

  @Test
  void offsetParameterWritesInPlaceByIdToo() {
    assertThat(http.patch("/id/" + id + "?offset=7", ascii("XYZ")).statusCode()).isEqualTo(200);
    assertThat(Http.text(http.get(PATH))).isEqualTo("0123456XYZ");
    assertThat(http.patch(PATH + "?offset=10", new byte[0]).statusCode())
        .as("an empty write at the end is within bounds")
        .isEqualTo(200);
  }

  @Test
  void aWritePastTheEndIs416WithTheLibrarysMessageAndWritesNothing() {
    HttpResponse<byte[]> r = http.patch(PATH + "?offset=8", ascii("abc"));

    assertThat(error(r, 416))
        .isEqualTo(
            "write of 3 bytes at offset 8 would pass the end of blob "
                + id
                + " (size 10); nothing was written");
    assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes */10");
    error(http.patch(PATH, ascii("abc"), "Content-Range", "bytes 11-13/*"), 416);
    assertThat(Http.text(http.get(PATH))).isEqualTo("0123456789");
  }

  @Test
  void aContentRangeThatDisagreesWithTheBodyOrTheSizeIsRefused() {
    assertThat(error(http.patch(PATH, ascii("abcd"), "Content-Range", "bytes 0-2/10"), 400))
        .contains("3 bytes");
    assertThat(error(http.patch(PATH, ascii("abc"), "Content-Range", "bytes 0-2/11"), 416))
        .contains("size 11");
    assertThat(error(http.patch(PATH, ascii("abc"), "Content-Range", "bytes 4-2/10"), 400))
        .contains("ends before it starts");
    assertThat(error(http.patch(PATH, ascii("abc"), "Content-Range", "lines 0-2/10"), 400))
        .contains("not in bytes");
    assertThat(error(http.patch(PATH, ascii("abc")), 400)).contains("Content-Range");
    assertThat(error(http.patch(PATH + "?offset=-1", ascii("abc")), 400)).contains("offset");
    assertThat(Http.text(http.get(PATH))).isEqualTo("0123456789");
  }

  @Test
  void patchHonoursIfMatch() {
    String etag = http.head(PATH).headers().firstValue("ETag").orElseThrow();

    error(http.patch(PATH + "?offset=0", ascii("z"), "If-Match", "\"stale\""), 412);
    assertThat(http.patch(PATH + "?offset=0", ascii("z"), "If-Match", etag).statusCode())
        .isEqualTo(200);
    assertThat(Http.text(http.get(PATH))).isEqualTo("z123456789");
  }

  @Test
  void aLargePatchSpanningChunksIsWrittenWhole() {
    byte[] blob = bytes(2 * 1024 * 1024 + 5, 21);
    http.put("/b/docs/big", blob);
    byte[] patch = bytes(1_500_000, 22);
    int at = 300_000;

    HttpResponse<byte[]> r =
        http.patch(
            "/b/docs/big",
            patch,
            "Content-Range",
            "bytes " + at + "-" + (at + patch.length - 1) + "/*");

    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
    System.arraycopy(patch, 0, blob, at, patch.length);
    assertThat(Arrays.equals(http.get("/b/docs/big").body(), blob)).isTrue();
  }

  @Test
  void patchOfAMissingBlobIs404() {
    error(http.patch("/b/docs/none?offset=0", ascii("a")), 404);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
