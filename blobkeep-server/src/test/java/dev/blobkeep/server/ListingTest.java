package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Listings without content, buckets, health and metrics. */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.Backends#names")
class ListingTest extends ServerTest {

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> items(HttpResponse<byte[]> r) {
    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
    return (List<Map<String, Object>>) Http.json(r).get("items");
  }

  @Test
  void listsABucketWithPrefixWhereAndFields() {
    http.put("/b/docs/a/1", new byte[] {1}, "x-blobkeep-meta-owner", "ann");
    http.put("/b/docs/a/2", new byte[] {1, 2}, "x-blobkeep-meta-owner", "bob");
    http.put("/b/docs/b/3", new byte[] {1, 2, 3}, "x-blobkeep-meta-owner", "ann");
    http.put("/b/photos/a/4", new byte[] {4}, "x-blobkeep-meta-owner", "ann");

    assertThat(items(http.get("/b/docs")))
        .extracting(m -> m.get("key"))
        .containsExactly("a/1", "a/2", "b/3");
    assertThat(items(http.get("/b/docs?prefix=a/")))
        .extracting(m -> m.get("key"))
        .containsExactly("a/1", "a/2");
    assertThat(items(http.get("/b/docs?where.owner=ann")))
        .extracting(m -> m.get("key"))
        .containsExactly("a/1", "b/3");
    List<Map<String, Object>> plucked = items(http.get("/b/docs?prefix=b&fields=key,size"));
    assertThat(plucked).hasSize(1);
    assertThat(plucked.get(0)).containsOnlyKeys("id", "key", "size").containsEntry("size", 3);
  }

  @Test
  void whereValuesAreJsonScalarsWhenTheyParseAsOne() {
    store.put(new byte[] {1}, dev.blobkeep.PutOptions.at("docs", "n").meta("n", 1));
    store.put(new byte[] {1}, dev.blobkeep.PutOptions.at("docs", "s").meta("n", "1"));

    assertThat(items(http.get("/b/docs?where.n=1")))
        .extracting(m -> m.get("key"))
        .containsExactly("n");
    assertThat(items(http.get("/b/docs?where.n=%221%22")))
        .extracting(m -> m.get("key"))
        .containsExactly("s");
  }

  @Test
  void pagesFollowTheCursorToTheEnd() {
    for (int i = 0; i < 7; i++) {
      http.put("/b/docs/k" + i, new byte[] {(byte) i});
    }
    List<Object> keys = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      HttpResponse<byte[]> r =
          http.get("/b/docs?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
      keys.addAll(items(r).stream().map(m -> m.get("key")).toList());
      cursor = (String) Http.json(r).get("next_cursor");
      pages++;
    } while (cursor != null);

    assertThat(keys).containsExactly("k0", "k1", "k2", "k3", "k4", "k5", "k6");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void badListingParametersAre400() {
    assertThat(error(http.get("/b/docs?limit=0"), 400)).contains("limit");
    assertThat(error(http.get("/b/docs?limit=ten"), 400)).contains("ten");
    assertThat(error(http.get("/b/docs?sort=key"), 400)).contains("sort");
    assertThat(error(http.get("/b/docs?limit=1&limit=2"), 400)).contains("2 times");
  }

  @Test
  void bucketsAreThoseWithBlobsOrThoseOfTheToken() {
    http.put("/b/docs/a", new byte[] {1});
    http.put("/b/zeta/a", new byte[] {1});

    assertThat(Http.json(http.get("/b")))
        .containsEntry("buckets", List.of("docs", "zeta"))
        .containsEntry("next_cursor", null);
    http.token = VIEWER;
    assertThat(Http.json(http.get("/b"))).containsEntry("buckets", List.of("docs", "photos"));
  }

  @Test
  void healthzAnswersOkWithoutAToken() {
    http.token = null;
    HttpResponse<byte[]> r = http.get("/healthz");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Http.json(r)).containsEntry("status", "ok");
  }

  @Test
  void metricsCountRequestsBytesAndInFlightInPrometheusText() {
    http.put("/b/docs/m", new byte[1000]);
    http.get("/b/docs/m");
    http.get("/b/docs/none");

    HttpResponse<byte[]> r = http.get("/metrics");

    assertThat(r.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("text/plain; version=0.0.4");
    String text = Http.text(r);
    assertThat(text)
        .contains("# TYPE blobkeep_http_requests_total counter")
        .contains("blobkeep_http_requests_total{method=\"PUT\",status=\"201\"} 1")
        .contains("blobkeep_http_requests_total{method=\"GET\",status=\"200\"} 1")
        .contains("blobkeep_http_requests_total{method=\"GET\",status=\"404\"} 1")
        .contains("blobkeep_http_requests_in_flight 1");
    assertThat(value(text, "blobkeep_http_received_bytes_total")).isGreaterThanOrEqualTo(1000);
    assertThat(value(text, "blobkeep_http_sent_bytes_total")).isGreaterThanOrEqualTo(1000);
    for (String line : text.split("\n")) {
      assertThat(line).matches("# (HELP|TYPE) .*|[a-z_]+(\\{[^}]*\\})? [0-9]+");
    }
  }

  @Test
  void metricsNeedAToken() {
    http.token = null;
    error(http.get("/metrics"), 401);
  }

  static long value(String text, String name) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Long.parseLong(line.substring(name.length() + 1));
      }
    }
    throw new AssertionError(name + " not in " + text);
  }
}
