package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Objects through the AWS SDK: put, get, head, delete, with the SDK's default checksums. */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.s3.S3Backends#names")
class ObjectsTest extends S3ServerTest {

  @Test
  void putThenGetReturnsTheBytesWithTheMd5AsETagAndTheUserFields() throws Exception {
    s3.createBucket(b -> b.bucket("photos"));
    byte[] content = "hello, s3".getBytes(StandardCharsets.UTF_8);
    PutObjectResponse put =
        s3.putObject(
            b ->
                b.bucket("photos")
                    .key("cat.txt")
                    .contentType("text/plain")
                    .metadata(Map.of("owner", "ann")),
            RequestBody.fromBytes(content));
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    assertThat(put.eTag()).isEqualTo("\"" + md5 + "\"");

    ResponseBytes<GetObjectResponse> got =
        s3.getObjectAsBytes(b -> b.bucket("photos").key("cat.txt"));
    assertThat(got.asByteArray()).isEqualTo(content);
    assertThat(got.response().eTag()).isEqualTo("\"" + md5 + "\"");
    assertThat(got.response().contentType()).isEqualTo("text/plain");
    assertThat(got.response().metadata()).containsEntry("owner", "ann");
    // The same object reads through the library.
    assertThat(store.getBytes(BlobRef.key("photos", "cat.txt"))).isEqualTo(content);
  }

  @Test
  void getOfAMissingKeyIsNoSuchKey() {
    s3.createBucket(b -> b.bucket("photos"));
    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("photos").key("nope")))
        .isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void wrongSecretIsSignatureDoesNotMatch() {
    try (var bad = client(ADMIN_KEY, "not-the-secret-at-all")) {
      assertThatThrownBy(() -> bad.listBuckets())
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
              });
    }
  }

  @Test
  void aKeySignsInAnyRegionAndAWrongSecretFailsAfterTheRightOne() {
    s3.createBucket(b -> b.bucket("regions"));
    try (S3Client paris =
            S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.EU_WEST_3)
                .forcePathStyle(true)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ADMIN_KEY, ADMIN_SECRET)))
                .build();
        var bad = client(ADMIN_KEY, "not-the-secret-at-all")) {
      paris.putObject(b -> b.bucket("regions").key("k"), RequestBody.fromString("v"));
      s3.headBucket(b -> b.bucket("regions")); // the key's signing key for the day is kept now
      assertThatThrownBy(() -> bad.headObject(b -> b.bucket("regions").key("k")))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
      assertThat(paris.getObjectAsBytes(b -> b.bucket("regions").key("k")).asUtf8String())
          .isEqualTo("v");
    }
  }

  @Test
  void oneRangeIsServedWith206() {
    s3.createBucket(b -> b.bucket("photos"));
    s3.putObject(b -> b.bucket("photos").key("r"), RequestBody.fromString("0123456789"));
    var got = s3.getObjectAsBytes(b -> b.bucket("photos").key("r").range("bytes=2-4"));
    assertThat(got.asUtf8String()).isEqualTo("234");
    assertThat(got.response().contentRange()).isEqualTo("bytes 2-4/10");
    assertThat(
            s3.getObjectAsBytes(b -> b.bucket("photos").key("r").range("bytes=-3")).asUtf8String())
        .isEqualTo("789");
    assertThatThrownBy(
            () -> s3.getObjectAsBytes(b -> b.bucket("photos").key("r").range("bytes=20-")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRange"));
  }

  @Test
  void conditionalReadsAndWritesAnswer412And304() {
    s3.createBucket(b -> b.bucket("photos"));
    String etag =
        s3.putObject(b -> b.bucket("photos").key("c"), RequestBody.fromString("one")).eTag();
    assertThatThrownBy(
            () -> s3.getObjectAsBytes(b -> b.bucket("photos").key("c").ifMatch("\"nope\"")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    assertThatThrownBy(
            () -> s3.getObjectAsBytes(b -> b.bucket("photos").key("c").ifNoneMatch(etag)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(304));
    assertThatThrownBy(
            () ->
                s3.putObject(
                    b -> b.bucket("photos").key("c").ifNoneMatch("*"),
                    RequestBody.fromString("two")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    assertThatThrownBy(
            () ->
                s3.putObject(
                    b -> b.bucket("photos").key("c").ifMatch("\"0000\""),
                    RequestBody.fromString("two")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    s3.putObject(b -> b.bucket("photos").key("c").ifMatch(etag), RequestBody.fromString("three"));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("c")).asUtf8String())
        .isEqualTo("three");
  }

  @Test
  void responseOverridesSetTheAnswerHeaders() {
    s3.createBucket(b -> b.bucket("photos"));
    s3.putObject(b -> b.bucket("photos").key("o"), RequestBody.fromString("x"));
    var got =
        s3.getObjectAsBytes(
            b ->
                b.bucket("photos")
                    .key("o")
                    .responseContentType("image/png")
                    .responseContentDisposition("attachment; filename=o.png"));
    assertThat(got.response().contentType()).isEqualTo("image/png");
    assertThat(got.response().contentDisposition()).isEqualTo("attachment; filename=o.png");
  }

  @Test
  void aWrongChecksumFailsThePutAndStoresNothing() {
    s3.createBucket(b -> b.bucket("photos"));
    assertThatThrownBy(
            () ->
                s3.putObject(
                    b -> b.bucket("photos").key("bad").checksumCRC32("AAAAAA=="),
                    RequestBody.fromString("payload")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest"));
    assertThat(store.exists(BlobRef.key("photos", "bad"))).isFalse();
  }

  @Test
  void aWrongContentMd5FailsThePutAndKeepsTheEarlierContent() {
    s3.createBucket(b -> b.bucket("photos"));
    s3.putObject(b -> b.bucket("photos").key("m"), RequestBody.fromString("before"));
    assertThatThrownBy(
            () ->
                s3.putObject(
                    b -> b.bucket("photos").key("m").contentMD5("AAAAAAAAAAAAAAAAAAAAAA=="),
                    RequestBody.fromString("after")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest"));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("m")).asUtf8String())
        .isEqualTo("before");
  }

  @Test
  void copyWithinAndAcrossBucketsKeepsOrReplacesTheFields() {
    s3.createBucket(b -> b.bucket("photos"));
    s3.createBucket(b -> b.bucket("docs"));
    s3.putObject(
        b ->
            b.bucket("photos")
                .key("src")
                .contentType("text/plain")
                .metadata(Map.of("owner", "ann")),
        RequestBody.fromString("copied"));
    s3.copyObject(
        b ->
            b.sourceBucket("photos")
                .sourceKey("src")
                .destinationBucket("docs")
                .destinationKey("dst"));
    var copy = s3.getObjectAsBytes(b -> b.bucket("docs").key("dst"));
    assertThat(copy.asUtf8String()).isEqualTo("copied");
    assertThat(copy.response().metadata()).containsEntry("owner", "ann");
    s3.copyObject(
        b ->
            b.sourceBucket("photos")
                .sourceKey("src")
                .destinationBucket("photos")
                .destinationKey("src")
                .metadataDirective("REPLACE")
                .metadata(Map.of("owner", "bob")));
    assertThat(s3.headObject(b -> b.bucket("photos").key("src")).metadata())
        .containsEntry("owner", "bob");
    assertThatThrownBy(
            () ->
                s3.copyObject(
                    b ->
                        b.sourceBucket("photos")
                            .sourceKey("src")
                            .destinationBucket("docs")
                            .destinationKey("dst2")
                            .copySourceIfMatch("\"nope\"")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
  }

  @Test
  void deleteObjectsRemovesEachKeyAndReportsThem() {
    s3.createBucket(b -> b.bucket("photos"));
    for (String k : new String[] {"a", "b", "c"}) {
      s3.putObject(b -> b.bucket("photos").key(k), RequestBody.fromString(k));
    }
    var result =
        s3.deleteObjects(
            b ->
                b.bucket("photos")
                    .delete(
                        d -> d.objects(o -> o.key("a"), o -> o.key("b"), o -> o.key("missing"))));
    assertThat(result.deleted()).hasSize(3);
    assertThat(s3.listObjectsV2(b -> b.bucket("photos")).contents()).hasSize(1);
    s3.deleteObject(b -> b.bucket("photos").key("c"));
    assertThat(s3.listObjectsV2(b -> b.bucket("photos")).contents()).isEmpty();
  }
}
