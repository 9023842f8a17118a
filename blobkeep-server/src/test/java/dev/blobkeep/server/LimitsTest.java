package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.Query;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Body size and request time limits: refused requests store nothing. */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.Backends#names")
class LimitsTest extends ServerTest {
  static final int MAX_BODY = 100_000;

  @Override
  Limits limits() {
    return Limits.defaults().maxBodyBytes(MAX_BODY).requestTimeout(Duration.ofSeconds(2));
  }

  @Test
  void aDeclaredBodyOverTheLimitIs413AndStoresNothing() {
    HttpResponse<byte[]> r = http.put("/b/docs/big", new byte[MAX_BODY + 1]);

    assertThat(error(r, 413))
        .isEqualTo("request body of 100001 bytes is larger than the limit of 100000");
    assertThat(store.exists(BlobRef.key("docs", "big"))).isFalse();
    assertThat(http.put("/b/docs/ok", new byte[MAX_BODY]).statusCode()).isEqualTo(201);
  }

  @Test
  void aChunkedBodyThatGrowsPastTheLimitIs413AndStoresNothing() {
    HttpRequest.Builder put =
        http.request("/b/docs/chunked")
            .PUT(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(new byte[MAX_BODY * 3])));

    HttpResponse<byte[]> r = http.send(put);

    assertThat(error(r, 413)).contains("larger than the limit of 100000 bytes");
    assertThat(store.list(Query.bucket("docs")).items()).isEmpty();
    assertThat(store.gc().abandonedUploads()).isZero();
  }

  @Test
  void aMultipartFormOverTheLimitIs413() {
    HttpRequest.Builder post =
        http.request("/b/docs")
            .header("Content-Type", "multipart/form-data; boundary=b")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () ->
                        new SequenceInputStream(
                            new ByteArrayInputStream(
                                "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n"
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                            new ByteArrayInputStream(new byte[MAX_BODY * 2]))));

    assertThat(error(http.send(post), 413)).contains("limit");
    assertThat(store.list(Query.bucket("docs")).items()).isEmpty();
  }

  @Test
  void aRequestPastTheTimeLimitIsCutOffAndStoresNothing() throws Exception {
    long start = System.nanoTime();
    String answer;
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PUT /b/docs/slow HTTP/1.1\r\nHost: 127.0.0.1:"
                  + server.port()
                  + "\r\nAuthorization: Bearer "
                  + ADMIN
                  + "\r\nContent-Length: 100\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      try {
        // Ten bytes a second: the whole body would take ten seconds.
        for (int i = 0; i < 10; i++) {
          out.write("xxxxxxxxxx".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread.sleep(1000);
        }
      } catch (IOException expected) {
        // the server closed the connection
      }
      answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    } catch (SocketException reset) {
      answer = "";
    }
    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

    assertThat(answer).doesNotContain("201");
    assertThat(seconds).isLessThan(9);
    assertThat(store.exists(BlobRef.key("docs", "slow"))).isFalse();
    String metrics = Http.text(http.get("/metrics"));
    assertThat(ListingTest.value(metrics, "blobkeep_http_request_timeouts_total")).isEqualTo(1);
    assertThat(metrics).contains("blobkeep_http_requests_total{method=\"PUT\",status=\"408\"} 1");
  }
}
