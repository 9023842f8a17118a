package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.testkit.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/** Multipart uploads: by hand through the SDK, and through the SDK's transfer manager. */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.s3.S3Backends#names")
class MultipartTest extends MultipartBase {
  static final int MIB = 1024 * 1024;

  @Test
  void theTransferManagerUploadsAndDownloadsALargeFile() throws Exception {
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
          tm.uploadFile(u -> u.source(file).putObjectRequest(p -> p.bucket("mpu").key("big.bin")))
              .completionFuture()
              .join()
              .response()
              .eTag();
      assertThat(etag).endsWith("-3\"");
      Path back = dir.resolve("back.bin");
      tm.downloadFile(
              d -> d.destination(back).getObjectRequest(g -> g.bucket("mpu").key("big.bin")))
          .completionFuture()
          .join();
      assertThat(Files.readAllBytes(back)).isEqualTo(content);
    }
    assertThat(store.getBytes(BlobRef.key("mpu", "big.bin"))).isEqualTo(content);
    assertThat(s3.listMultipartUploads(b -> b.bucket("mpu")).uploads()).isEmpty();
    // Complete consumed the staged parts and the upload record.
    assertThat(store.listStaged("mpu", java.util.Map.of(), null, 1000).items()).isEmpty();
  }

  @Test
  void aPartSentAgainReplacesTheFirstAndAnOpenUploadKeepsItsBucket() {
    String id = begin("k");
    part("k", id, 1, RequestBody.fromString("first"));
    String e = part("k", id, 1, RequestBody.fromString("second"));
    assertThat(s3.listParts(b -> b.bucket("mpu").key("k").uploadId(id)).parts()).hasSize(1);
    assertThat(errorCode(() -> s3.deleteBucket(b -> b.bucket("mpu")))).isEqualTo("BucketNotEmpty");
    complete("k", id, sent(1, e));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("mpu").key("k")).asUtf8String())
        .isEqualTo("second");
  }

  @Test
  void partsAreListedAndCompleteChecksOrderSizeAndETags() {
    String id = begin("k");
    byte[] p1 = random(5 * MIB, 2);
    byte[] p2 = random(1000, 3);
    String e1 = part("k", id, 1, RequestBody.fromBytes(p1));
    String e2 = part("k", id, 2, RequestBody.fromBytes(p2));
    assertThat(s3.listParts(b -> b.bucket("mpu").key("k").uploadId(id)).parts()).hasSize(2);
    assertThat(s3.listMultipartUploads(b -> b.bucket("mpu")).uploads()).hasSize(1);
    assertThat(s3.listObjectsV2(b -> b.bucket("mpu")).contents()).isEmpty();

    assertThat(errorCode(() -> complete("k", id, sent(2, e2), sent(1, e1))))
        .isEqualTo("InvalidPartOrder");
    assertThat(errorCode(() -> complete("k", id, sent(1, "\"00\"")))).isEqualTo("InvalidPart");
    assertThat(errorCode(() -> complete("k", id, sent(2, e2), sent(3, e2))))
        .isIn("InvalidPart", "EntityTooSmall");
    assertThat(s3.listObjectsV2(b -> b.bucket("mpu")).contents()).isEmpty();

    complete("k", id, sent(1, e1), sent(2, e2));
    byte[] all = s3.getObjectAsBytes(b -> b.bucket("mpu").key("k")).asByteArray();
    assertThat(all).hasSize(p1.length + p2.length);
    assertThat(java.util.Arrays.copyOfRange(all, p1.length, all.length)).isEqualTo(p2);
  }

  @Test
  void partsAreStoredWithoutASha256AndVerifyGivesTheObjectOneUnderTheSameETag() {
    String id = begin("k");
    byte[] p1 = random(5 * MIB, 5);
    byte[] p2 = random(1000, 6);
    String e1 = part("k", id, 1, RequestBody.fromBytes(p1));
    String e2 = part("k", id, 2, RequestBody.fromBytes(p2));
    var parts = store.listStaged("mpu", java.util.Map.of("s3_kind", "part"), null, 10).items();
    assertThat(parts).hasSize(2).allSatisfy(p -> assertThat(p.sha256()).isNull());
    assertThat(parts).allSatisfy(p -> assertThat(p.md5()).isNotNull());

    complete("k", id, sent(1, e1), sent(2, e2));
    assertThat(store.info(BlobRef.key("mpu", "k")).sha256()).as("before verify").isNull();
    String etag = s3.headObject(b -> b.bucket("mpu").key("k")).eTag();
    String apiEtag = store.info(BlobRef.key("mpu", "k")).etag();
    assertThat(store.verify(BlobRef.key("mpu", "k")).ok()).isTrue();
    byte[] all = new byte[p1.length + p2.length];
    System.arraycopy(p1, 0, all, 0, p1.length);
    System.arraycopy(p2, 0, all, p1.length, p2.length);
    assertThat(store.info(BlobRef.key("mpu", "k")).sha256()).isEqualTo(Bytes.sha256(all));
    assertThat(s3.headObject(b -> b.bucket("mpu").key("k")).eTag()).isEqualTo(etag);
    // the API's entity tag is made from id and version, which verify leaves as they were
    assertThat(store.info(BlobRef.key("mpu", "k")).etag()).as("API entity tag").isEqualTo(apiEtag);
    assertThat(s3.getObjectAsBytes(b -> b.bucket("mpu").key("k")).asByteArray()).isEqualTo(all);
  }

  @Test
  void anAbortedUploadIsGoneAndItsIdIsNoSuchUpload() {
    String id = begin("k");
    part("k", id, 1, RequestBody.fromString("x"));
    s3.abortMultipartUpload(b -> b.bucket("mpu").key("k").uploadId(id));
    assertThat(errorCode(() -> s3.listParts(b -> b.bucket("mpu").key("k").uploadId(id))))
        .isEqualTo("NoSuchUpload");
    s3.deleteBucket(b -> b.bucket("mpu"));
  }

  @Test
  void uploadPartCopyTakesARangeOfAnotherObject() {
    s3.putObject(b -> b.bucket("mpu").key("src"), RequestBody.fromString("0123456789"));
    String id = begin("dst");
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
    complete("dst", id, sent(1, etag));
    assertThat(s3.getObjectAsBytes(b -> b.bucket("mpu").key("dst")).asUtf8String())
        .isEqualTo("3456");
  }
}
