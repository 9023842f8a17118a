package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 9110 preconditions (section 13) and single byte ranges (section 14) on GET, HEAD and PUT. */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.Backends#names")
class ConditionalRangeTest extends ServerTest {
  static final String PATH = "/b/docs/digits.txt";
  final byte[] body = "0123456789".getBytes(StandardCharsets.US_ASCII);
  String etag;
  String lastModified;

  @BeforeEach
  void storeDigits() {
    http.put(PATH, body, "Content-Type", "text/plain");
    HttpResponse<byte[]> head = http.head(PATH);
    etag = head.headers().firstValue("ETag").orElseThrow();
    lastModified = head.headers().firstValue("Last-Modified").orElseThrow();
  }

  @Test
  void aByteRangeIsAnswered206WithContentRange() {
    HttpResponse<byte[]> r = http.get(PATH, "Range", "bytes=2-4");

    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(Http.text(r)).isEqualTo("234");
    assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 2-4/10");
    assertThat(r.headers().firstValue("Content-Length")).hasValue("3");
    assertThat(r.headers().firstValue("ETag")).hasValue(etag);
  }

  @Test
  void openEndedSuffixAndOverlongRangesAreClampedToTheBlob() {
    assertThat(Http.text(http.get(PATH, "Range", "bytes=7-"))).isEqualTo("789");
    assertThat(Http.text(http.get(PATH, "Range", "bytes=-3"))).isEqualTo("789");
    assertThat(http.get(PATH, "Range", "bytes=-3").headers().firstValue("Content-Range"))
        .hasValue("bytes 7-9/10");
    assertThat(Http.text(http.get(PATH, "Range", "bytes=-50"))).isEqualTo("0123456789");
    assertThat(http.get(PATH, "Range", "bytes=8-99").headers().firstValue("Content-Range"))
        .hasValue("bytes 8-9/10");
  }

  @Test
  void aRangeStartingAtOrPastTheEndIs416WithTheSize() {
    for (String range : new String[] {"bytes=10-", "bytes=10-20", "bytes=-0"}) {
      HttpResponse<byte[]> r = http.get(PATH, "Range", range);
      assertThat(error(r, 416)).contains("10 bytes");
      assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes */10");
    }
  }

  @Test
  void malformedOtherUnitAndMultipleRangesAreIgnored() {
    for (String range :
        new String[] {
          "bytes=5-2", "bytes=a-b", "items=0-1", "bytes=0-1,4-5", "bytes 0-1", "bytes=--1"
        }) {
      HttpResponse<byte[]> r = http.get(PATH, "Range", range);
      assertThat(r.statusCode()).as(range).isEqualTo(200);
      assertThat(r.body()).isEqualTo(body);
    }
  }

  @Test
  void headIgnoresRange() {
    HttpResponse<byte[]> r = http.head(PATH, "Range", "bytes=0-1");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Length")).hasValue("10");
  }

  @Test
  void ifRangeWithTheCurrentEtagKeepsTheRangeAndAnythingElseSendsTheWhole() {
    assertThat(http.get(PATH, "Range", "bytes=0-1", "If-Range", etag).statusCode()).isEqualTo(206);
    HttpResponse<byte[]> stale = http.get(PATH, "Range", "bytes=0-1", "If-Range", "\"other\"");
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(body);
    assertThat(http.get(PATH, "Range", "bytes=0-1", "If-Range", "W/" + etag).statusCode())
        .isEqualTo(200);
    assertThat(http.get(PATH, "Range", "bytes=0-1", "If-Range", lastModified).statusCode())
        .isEqualTo(200);
  }

  @Test
  void ifNoneMatchWithTheCurrentEtagIs304WithoutABody() {
    HttpResponse<byte[]> r = http.get(PATH, "If-None-Match", "\"x\", " + etag);

    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("ETag")).hasValue(etag);
    assertThat(http.get(PATH, "If-None-Match", "W/" + etag).statusCode()).isEqualTo(304);
    assertThat(http.get(PATH, "If-None-Match", "*").statusCode()).isEqualTo(304);
    assertThat(http.head(PATH, "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(http.get(PATH, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
  }

  @Test
  void ifModifiedSinceIs304UnlessChangedAfterTheDate() {
    assertThat(http.get(PATH, "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
    String before = HttpDates.format(Instant.now().minusSeconds(3600));
    assertThat(http.get(PATH, "If-Modified-Since", before).statusCode()).isEqualTo(200);
    String future = HttpDates.format(Instant.now().plusSeconds(3600));
    assertThat(http.get(PATH, "If-Modified-Since", future).statusCode())
        .as("a date in the future is invalid and ignored")
        .isEqualTo(200);
    assertThat(http.get(PATH, "If-Modified-Since", "yesterday").statusCode()).isEqualTo(200);
  }

  @Test
  void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
    HttpResponse<byte[]> r =
        http.get(PATH, "If-None-Match", "\"other\"", "If-Modified-Since", lastModified);

    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void ifMatchThatFailsIs412AndIfMatchStarNeedsABlob() {
    assertThat(error(http.get(PATH, "If-Match", "\"other\""), 412)).contains(etag);
    assertThat(error(http.get(PATH, "If-Match", "W/" + etag), 412))
        .as("If-Match uses the strong comparison")
        .isNotBlank();
    assertThat(http.get(PATH, "If-Match", etag).statusCode()).isEqualTo(200);
    assertThat(http.get(PATH, "If-Match", "*").statusCode()).isEqualTo(200);
  }

  @Test
  void ifUnmodifiedSinceBeforeTheLastChangeIs412() {
    String before = HttpDates.format(Instant.now().minusSeconds(3600));

    error(http.get(PATH, "If-Unmodified-Since", before), 412);
    assertThat(http.get(PATH, "If-Unmodified-Since", lastModified).statusCode()).isEqualTo(200);
  }

  @Test
  void putWithIfNoneMatchStarRefusesToOverwrite() {
    HttpResponse<byte[]> r = http.put(PATH, new byte[] {9}, "If-None-Match", "*");

    assertThat(error(r, 412)).contains("precondition failed");
    assertThat(http.get(PATH).body()).isEqualTo(body);
    assertThat(http.put("/b/docs/fresh", new byte[] {9}, "If-None-Match", "*").statusCode())
        .isEqualTo(201);
  }

  @Test
  void putWithIfMatchReplacesOnlyTheVersionNamed() {
    byte[] next = "abc".getBytes(StandardCharsets.US_ASCII);

    error(http.put(PATH, next, "If-Match", "\"" + "0".repeat(64) + "\""), 412);
    assertThat(http.get(PATH).body()).isEqualTo(body);

    HttpResponse<byte[]> ok = http.put(PATH, next, "If-Match", etag);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(http.get(PATH).body()).isEqualTo(next);
    error(http.put("/b/docs/absent", next, "If-Match", "*"), 412);
    error(http.get("/b/docs/absent"), 404);
  }

  @Test
  void deleteWithAStaleIfMatchIs412AndDeletesNothing() {
    error(http.delete(PATH, "If-Match", "\"stale\""), 412);
    assertThat(http.get(PATH).statusCode()).isEqualTo(200);
    assertThat(http.delete(PATH, "If-Match", etag).statusCode()).isEqualTo(204);
  }

  @Test
  void aLargeBlobIsServedByRangesThatAddUpToIt() {
    byte[] big = bytes(3 * 256 * 1024 + 17, 9);
    http.put("/b/docs/big", big);
    byte[] joined = new byte[big.length];
    int step = 100_003;
    for (int off = 0; off < big.length; off += step) {
      int last = Math.min(big.length, off + step) - 1;
      HttpResponse<byte[]> r = http.get("/b/docs/big", "Range", "bytes=" + off + "-" + last);
      assertThat(r.statusCode()).isEqualTo(206);
      System.arraycopy(r.body(), 0, joined, off, r.body().length);
    }
    assertThat(Arrays.equals(joined, big)).isTrue();
  }
}
