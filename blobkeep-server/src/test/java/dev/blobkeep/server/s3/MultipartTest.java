package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/** Multipart uploads: by hand through the SDK, and through the SDK's transfer manager. */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.s3.S3Backends#names")
class MultipartTest extends S3ServerTest {
  static final int MIB = 1024 * 1024;

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void theTransferManagerUploadsAndDownloadsALargeFile() throws Exception {
    s3.createBucket(b -> b.bucket("big"));
    Path file = dir.resolve("big.bin");
    byte[] content = random(20 * MIB + 123, 1);
    Files.write(file, content);
    try (S3AsyncClient async =
            S3AsyncClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .multipartEnabled(true)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ADMIN_KEY, ADMIN_SECRET)))
                .build();
        S3TransferManager tm = S3TransferManager.builder().s3Client(async).build()) {
      String etag =
          tm.uploadFile(u -> u.source(file).putObjectRequest(p -> p.bucket("big").key("big.bin")))
              .completionFuture()
              .join()
              .response()
              .eTag();
      assertThat(etag).endsWith("-3\"");
      Path back = dir.resolve("back.bin");
      tm.downloadFile(
              d -> d.destination(back).getObjectRequest(g -> g.bucket("big").key("big.bin")))
          .completionFuture()
          .join();
      assertThat(Files.readAllBytes(back)).isEqualTo(content);
    }
    assertThat(store.getBytes(BlobRef.key("big", "big.bin"))).isEqualTo(content);
    assertThat(s3.listMultipartUploads(b -> b.bucket("big")).uploads()).isEmpty();
    // Complete consumed the staged parts and the upload record.
    assertThat(store.listStaged("big", java.util.Map.of(), null, 1000).items()).isEmpty();
  }

  @Test
  void aPartSentAgainReplacesTheFirstAndAnOpenUploadKeepsItsBucket() {
    s3.createBucket(b -> b.bucket("mpu"));
    String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("k")).uploadId();
    s3.uploadPart(
        b -> b.bucket("mpu").key("k").uploadId(id).partNumber(1), RequestBody.fromString("first"));
    String e =
        s3.uploadPart(
                b -> b.bucket("mpu").key("k").uploadId(id).partNumber(1),
                RequestBody.fromString("second"))
            .eTag();
    assertThat(s3.listParts(b -> b.bucket("mpu").key("k").uploadId(id)).parts()).hasSize(1);
    assertThatThrownBy(() -> s3.deleteBucket(b -> b.bucket("mpu")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            x -> assertThat(x.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty"));
    s3.completeMultipartUpload(
        b ->
            b.bucket("mpu")
                .key("k")
                .uploadId(id)
                .multipartUpload(
                    m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e).build())));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("mpu").key("k")).asUtf8String())
        .isEqualTo("second");
  }

  @Test
  void partsAreListedAndCompleteChecksOrderSizeAndETags() {
    s3.createBucket(b -> b.bucket("mpu"));
    String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("k")).uploadId();
    byte[] p1 = random(5 * MIB, 2);
    byte[] p2 = random(1000, 3);
    String e1 =
        s3.uploadPart(
                b -> b.bucket("mpu").key("k").uploadId(id).partNumber(1), RequestBody.fromBytes(p1))
            .eTag();
    String e2 =
        s3.uploadPart(
                b -> b.bucket("mpu").key("k").uploadId(id).partNumber(2), RequestBody.fromBytes(p2))
            .eTag();
    assertThat(s3.listParts(b -> b.bucket("mpu").key("k").uploadId(id)).parts()).hasSize(2);
    assertThat(s3.listMultipartUploads(b -> b.bucket("mpu")).uploads()).hasSize(1);
    assertThat(s3.listObjectsV2(b -> b.bucket("mpu")).contents()).isEmpty();

    assertThatThrownBy(
            () ->
                s3.completeMultipartUpload(
                    b ->
                        b.bucket("mpu")
                            .key("k")
                            .uploadId(id)
                            .multipartUpload(
                                m ->
                                    m.parts(
                                        CompletedPart.builder().partNumber(2).eTag(e2).build(),
                                        CompletedPart.builder().partNumber(1).eTag(e1).build()))))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPartOrder"));
    assertThatThrownBy(
            () ->
                s3.completeMultipartUpload(
                    b ->
                        b.bucket("mpu")
                            .key("k")
                            .uploadId(id)
                            .multipartUpload(
                                m ->
                                    m.parts(
                                        CompletedPart.builder()
                                            .partNumber(1)
                                            .eTag("\"00\"")
                                            .build()))))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPart"));
    assertThatThrownBy(
            () ->
                s3.completeMultipartUpload(
                    b ->
                        b.bucket("mpu")
                            .key("k")
                            .uploadId(id)
                            .multipartUpload(
                                m ->
                                    m.parts(
                                        CompletedPart.builder().partNumber(2).eTag(e2).build(),
                                        CompletedPart.builder().partNumber(3).eTag(e2).build()))))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isIn("InvalidPart", "EntityTooSmall"));
    assertThat(s3.listObjectsV2(b -> b.bucket("mpu")).contents()).isEmpty();

    s3.completeMultipartUpload(
        b ->
            b.bucket("mpu")
                .key("k")
                .uploadId(id)
                .multipartUpload(
                    m ->
                        m.parts(
                            CompletedPart.builder().partNumber(1).eTag(e1).build(),
                            CompletedPart.builder().partNumber(2).eTag(e2).build())));
    byte[] all = s3.getObjectAsBytes(b -> b.bucket("mpu").key("k")).asByteArray();
    assertThat(all).hasSize(p1.length + p2.length);
    assertThat(java.util.Arrays.copyOfRange(all, p1.length, all.length)).isEqualTo(p2);
  }

  @Test
  void anAbortedUploadIsGoneAndItsIdIsNoSuchUpload() {
    s3.createBucket(b -> b.bucket("mpu"));
    String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("k")).uploadId();
    s3.uploadPart(
        b -> b.bucket("mpu").key("k").uploadId(id).partNumber(1), RequestBody.fromString("x"));
    s3.abortMultipartUpload(b -> b.bucket("mpu").key("k").uploadId(id));
    assertThatThrownBy(() -> s3.listParts(b -> b.bucket("mpu").key("k").uploadId(id)))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload"));
    s3.deleteBucket(b -> b.bucket("mpu"));
  }

  @Test
  void uploadPartCopyTakesARangeOfAnotherObject() {
    s3.createBucket(b -> b.bucket("mpu"));
    s3.putObject(b -> b.bucket("mpu").key("src"), RequestBody.fromString("0123456789"));
    String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("dst")).uploadId();
    String etag =
        s3.uploadPartCopy(
                b ->
                    b.sourceBucket("mpu")
                        .sourceKey("src")
                        .destinationBucket("mpu")
                        .destinationKey("dst")
                        .uploadId(id)
                        .partNumber(1)
                        .copySourceRange("bytes=3-6"))
            .copyPartResult()
            .eTag();
    s3.completeMultipartUpload(
        b ->
            b.bucket("mpu")
                .key("dst")
                .uploadId(id)
                .multipartUpload(
                    m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("mpu").key("dst")).asUtf8String())
        .isEqualTo("3456");
  }
}
