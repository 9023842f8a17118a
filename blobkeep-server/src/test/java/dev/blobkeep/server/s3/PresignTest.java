package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Presigned URLs made by the SDK's S3Presigner, used by a plain HTTP client. */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.s3.S3Backends#names")
class PresignTest extends S3ServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  S3Presigner presigner(String region) {
    return S3Presigner.builder()
        .endpointOverride(endpoint())
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ADMIN_KEY, ADMIN_SECRET)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
  }

  @Test
  void aPresignedGetAndPutWorkInAnyRegion() throws Exception {
    s3.createBucket(b -> b.bucket("photos"));
    s3.putObject(b -> b.bucket("photos").key("a b+c.txt"), RequestBody.fromString("shared"));
    try (S3Presigner p = presigner("eu-central-1")) {
      URI get =
          p.presignGetObject(
                  g ->
                      g.signatureDuration(Duration.ofMinutes(5))
                          .getObjectRequest(o -> o.bucket("photos").key("a b+c.txt")))
              .url()
              .toURI();
      HttpResponse<String> r =
          http.send(HttpRequest.newBuilder(get).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("shared");
      URI put =
          p.presignPutObject(
                  g ->
                      g.signatureDuration(Duration.ofMinutes(5))
                          .putObjectRequest(o -> o.bucket("photos").key("up")))
              .url()
              .toURI();
      HttpResponse<String> w =
          http.send(
              HttpRequest.newBuilder(put)
                  .PUT(HttpRequest.BodyPublishers.ofString("uploaded"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(w.statusCode()).isEqualTo(200);
    }
    assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("up")).asUtf8String())
        .isEqualTo("uploaded");
  }

  @Test
  void anExpiredPresignedUrlIsAccessDenied() throws Exception {
    s3.createBucket(b -> b.bucket("photos"));
    s3.putObject(b -> b.bucket("photos").key("old"), RequestBody.fromString("x"));
    // Signed two hours ago for one hour: the SDK signs with the clock it is given.
    Instant then = Instant.now().minus(Duration.ofHours(2));
    try (S3Presigner p = presigner("us-east-1")) {
      var request =
          software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest.builder()
              .signatureDuration(Duration.ofHours(1))
              .getObjectRequest(
                  o ->
                      o.bucket("photos")
                          .key("old")
                          .overrideConfiguration(
                              c ->
                                  c.putExecutionAttribute(
                                      software.amazon.awssdk.core.interceptor.SdkExecutionAttribute
                                          .TIME_OFFSET,
                                      (int) Duration.ofHours(2).toSeconds())))
              .build();
      URI url = p.presignGetObject(request).url().toURI();
      String date =
          DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(then);
      // Whatever the SDK did with the offset, rewrite the date so the URL is old: its signature no
      // longer matters, as expiry is checked first.
      String old = url.toString().replaceAll("X-Amz-Date=[0-9TZ]+", "X-Amz-Date=" + date);
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(old)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("<Code>AccessDenied</Code>").contains("Request has expired");
      assertThat(r.body())
          .contains("<RequestId>" + r.headers().firstValue("x-amz-request-id").orElseThrow());
    }
  }
}
