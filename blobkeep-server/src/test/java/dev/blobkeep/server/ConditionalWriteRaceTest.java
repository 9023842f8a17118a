package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two clients send the same conditional write at once, {@link #ROUNDS} times: the precondition is
 * checked again in the transaction that writes, so exactly one wins each round and the other gets
 * 412; neither update is lost. Also: a HEAD after a PATCH answers a new ETag without reading the
 * blob.
 */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.Backends#names")
class ConditionalWriteRaceTest extends ServerTest {
  static final int ROUNDS = 30;
  static final String PATH = "/b/docs/race.txt";

  ExecutorService clients;

  @BeforeEach
  void startClients() {
    clients = Executors.newFixedThreadPool(2);
    http.put(PATH, "0123456789".getBytes(StandardCharsets.US_ASCII));
  }

  @AfterEach
  void stopClients() {
    clients.shutdownNow();
  }

  @Test
  void ofTwoPatchesWithTheSameIfMatchExactlyOneSucceeds() throws Exception {
    race(
        (etag, me) ->
            http.patch(
                PATH,
                (me + me + me).getBytes(StandardCharsets.US_ASCII),
                "If-Match",
                etag,
                "Content-Range",
                "bytes 0-2/10"),
        200);
  }

  @Test
  void ofTwoPutsWithTheSameIfMatchExactlyOneSucceeds() throws Exception {
    int[] n = {0};
    race(
        (etag, me) -> {
          String body;
          synchronized (n) {
            body = me + " " + n[0]++; // never the same content twice
          }
          return http.put(PATH, body.getBytes(StandardCharsets.US_ASCII), "If-Match", etag);
        },
        200);
  }

  @Test
  void aHeadAfterAPatchAnswersANewEtagThatTheNextPatchCanUse() {
    String before = http.head(PATH).headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> patched =
        http.patch(PATH, "ab".getBytes(StandardCharsets.US_ASCII), "Content-Range", "bytes 0-1/10");
    assertThat(patched.statusCode()).isEqualTo(200);
    String after = http.head(PATH).headers().firstValue("ETag").orElseThrow();
    assertThat(after).isNotEqualTo(before).isEqualTo(patched.headers().firstValue("ETag").get());
    assertThat(after).doesNotContain(sha256("ab23456789".getBytes(StandardCharsets.US_ASCII)));
    assertThat(
            http.patch(
                    PATH,
                    "c".getBytes(StandardCharsets.US_ASCII),
                    "If-Match",
                    after,
                    "Content-Range",
                    "bytes 9-9/10")
                .statusCode())
        .isEqualTo(200);
    assertThat(http.patch(PATH, new byte[1], "If-Match", after, "Content-Range", "bytes 0-0/10"))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(412);
    assertThat(Http.text(http.get(PATH))).isEqualTo("ab2345678c");
  }

  /**
   * Runs the rounds: each reads the ETag, then two clients send {@code request} with it at once;
   * exactly one must answer {@code success} and the other 412.
   */
  private void race(BiFunction<String, String, HttpResponse<byte[]>> request, int success)
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String etag = http.head(PATH).headers().firstValue("ETag").orElseThrow();
      CyclicBarrier start = new CyclicBarrier(2);
      List<Future<HttpResponse<byte[]>>> sent = new ArrayList<>();
      for (String me : new String[] {"a", "b"}) {
        sent.add(
            clients.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return request.apply(etag, me);
                }));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse<byte[]>> f : sent) {
        HttpResponse<byte[]> r = f.get(60, TimeUnit.SECONDS);
        statuses.add(r.statusCode());
        if (r.statusCode() != success) {
          assertThat(error(r, 412)).as("round %d", round).startsWith("precondition failed");
        }
      }
      assertThat(statuses)
          .as("statuses in round %d", round)
          .containsExactlyInAnyOrder(success, 412);
    }
  }
}
