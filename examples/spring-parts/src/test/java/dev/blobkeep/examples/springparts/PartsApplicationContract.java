package dev.blobkeep.examples.springparts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blobkeep.BlobStore;
import dev.blobkeep.Query;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The sample application end to end: real HTTP requests to it running on a random port, over a
 * database each backend provides. Tests share one application, so each uses names of its own.
 */
@SpringBootTest(
    classes = SpringPartsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class PartsApplicationContract {
  @LocalServerPort int port;
  @Autowired BlobStore store;
  @Autowired JdbcTemplate jdbc;
  Http http;
  String owner;

  @BeforeEach
  void client() {
    http = new Http(port);
    owner = "owner-" + UUID.randomUUID();
  }

  private static byte[] drawing(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private JsonNode upload(String name, byte[] drawing) throws Exception {
    HttpResponse<byte[]> r =
        http.upload(Map.of("name", name, "owner", owner), "image/png", drawing);
    assertThat(r.statusCode()).as(new String(r.body(), "UTF-8")).isEqualTo(201);
    return Http.json(r);
  }

  private static String unique(String name) {
    return name + " " + UUID.randomUUID();
  }

  @Test
  void anUploadedDrawingDownloadsWithItsTypeAndSha256AsETag() throws Exception {
    byte[] content = drawing(300_000);
    JsonNode part = upload(unique("SIM Tray"), content);

    HttpResponse<byte[]> r = http.get("/parts/" + part.get("part_id").asText() + "/drawing");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(content);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    assertThat(r.headers().firstValue("ETag")).hasValue("\"" + sha256 + "\"");
    assertThat(part.get("size").asLong()).isEqualTo(content.length);
  }

  @Test
  void aRangeRequestAnswersTheBytesAskedFor() throws Exception {
    byte[] content = drawing(100_000);
    String path =
        "/parts/" + upload(unique("Speaker"), content).get("part_id").asText() + "/drawing";

    HttpResponse<byte[]> r = http.get(path, "Range", "bytes=70000-70099");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.headers().firstValue("Content-Range"))
        .hasValue("bytes 70000-70099/" + content.length);
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(content, 70_000, 70_100));

    HttpResponse<byte[]> past = http.get(path, "Range", "bytes=" + content.length + "-");
    assertThat(past.statusCode()).isEqualTo(416);
  }

  @Test
  void aMatchingIfNoneMatchAnswersNotModified() throws Exception {
    String path =
        "/parts/" + upload(unique("Bracket"), drawing(5_000)).get("part_id").asText() + "/drawing";
    String etag = http.get(path).headers().firstValue("ETag").orElseThrow();

    assertThat(http.get(path, "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(http.get(path, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
  }

  @Test
  void aMissingPartIsNotFound() throws Exception {
    assertThat(http.get("/parts/" + UUID.randomUUID() + "/drawing").statusCode()).isEqualTo(404);
  }

  @Test
  void theListingHoldsOnlyTheOwnersPartsPageByPage() throws Exception {
    String a = unique("a");
    String b = unique("b");
    upload(a, drawing(10));
    upload(b, drawing(20));
    String mine = owner;
    owner = "someone else " + UUID.randomUUID();
    upload(unique("c"), drawing(30));

    JsonNode all = Http.json(http.get("/parts?owner=" + enc(mine)));
    assertThat(all.get("items"))
        .extracting(p -> p.get("part_name").asText())
        .containsExactlyInAnyOrder(a, b);

    JsonNode first = Http.json(http.get("/parts?limit=1&owner=" + enc(mine)));
    assertThat(first.get("items")).hasSize(1);
    String cursor = first.get("next_cursor").asText();
    JsonNode second =
        Http.json(http.get("/parts?limit=1&owner=" + enc(mine) + "&after=" + enc(cursor)));
    assertThat(second.get("items")).hasSize(1);
    assertThat(second.get("items").get(0).get("part_name").asText())
        .isNotEqualTo(first.get("items").get(0).get("part_name").asText());
  }

  @Test
  void aRejectedUploadKeepsNeitherThePartRowNorItsDrawing() throws Exception {
    String name = unique("Hinge");
    upload(name, drawing(1_000));
    int drawingsBefore = drawingsInStore();
    owner = "late " + UUID.randomUUID();

    HttpResponse<byte[]> r =
        http.upload(Map.of("name", name, "owner", owner), "image/png", drawing(2_000));
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(Http.json(r).get("error").asText())
        .isEqualTo("a part named '" + name + "' exists already");

    assertThat(drawingsInStore()).isEqualTo(drawingsBefore);
    assertThat(
            jdbc.queryForObject("SELECT count(*) FROM parts WHERE owner = ?", Integer.class, owner))
        .isZero();
    assertThat(Http.json(http.get("/parts?owner=" + enc(owner))).get("items")).isEmpty();
  }

  @Test
  void healthAndMetricsReportTheStore() throws Exception {
    upload(unique("Gear"), drawing(4_096));

    JsonNode health = Http.json(http.get("/actuator/health"));
    assertThat(health.at("/components/blobkeep/status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/blobkeep/details/location").asText())
        .isEqualTo(store.location());

    JsonNode puts = Http.json(http.get("/actuator/metrics/blobkeep.operations?tag=operation:put"));
    assertThat(puts.at("/measurements/0/statistic").asText()).isEqualTo("COUNT");
    assertThat(puts.at("/measurements/0/value").asDouble()).isPositive();
    JsonNode written =
        Http.json(http.get("/actuator/metrics/blobkeep.bytes?tag=direction:written"));
    assertThat(written.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(4_096);
  }

  @Test
  void concurrentUploadsAllCommit() throws Exception {
    int uploads = 6;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(uploads);
    try {
      List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < uploads; i++) {
        byte[] content = drawing(50_000 + i);
        String name = unique("Part " + i);
        statuses.add(
            pool.submit(
                () ->
                    http.upload(Map.of("name", name, "owner", owner), "image/png", content)
                        .statusCode()));
      }
      for (java.util.concurrent.Future<Integer> status : statuses) {
        assertThat(status.get()).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(Http.json(http.get("/parts?owner=" + enc(owner))).get("items")).hasSize(uploads);
  }

  private int drawingsInStore() {
    return store.list(Query.bucket(Parts.DRAWINGS).limit(Query.MAX_LIMIT)).items().size();
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
