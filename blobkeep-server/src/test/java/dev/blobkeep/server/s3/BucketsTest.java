package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Buckets through the AWS SDK: they exist while empty, and answer S3's errors. */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.s3.S3Backends#names")
class BucketsTest extends S3ServerTest {

  @Test
  void anEmptyBucketIsListedHeadedAndDeleted() {
    s3.createBucket(b -> b.bucket("photos"));
    assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).containsExactly("photos");
    assertThat(
            s3.headBucket(b -> b.bucket("photos"))
                .sdkHttpResponse()
                .firstMatchingHeader("x-amz-bucket-region"))
        .contains("us-east-1");
    assertThat(s3.getBucketLocation(b -> b.bucket("photos")).locationConstraintAsString())
        .isNullOrEmpty();
    s3.deleteBucket(b -> b.bucket("photos"));
    assertThat(s3.listBuckets().buckets()).isEmpty();
    assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("photos")))
        .isInstanceOf(NoSuchBucketException.class);
  }

  @Test
  void creatingAnExistingBucketIsBucketAlreadyOwnedByYou() {
    s3.createBucket(b -> b.bucket("photos"));
    assertThatThrownBy(() -> s3.createBucket(b -> b.bucket("photos")))
        .isInstanceOf(BucketAlreadyOwnedByYouException.class);
  }

  @Test
  void deletingABucketWithObjectsIsBucketNotEmptyAndKeepsThem() {
    s3.createBucket(b -> b.bucket("photos"));
    s3.putObject(b -> b.bucket("photos").key("a"), RequestBody.fromString("x"));
    assertThatThrownBy(() -> s3.deleteBucket(b -> b.bucket("photos")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(409);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty");
            });
    assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("a")).asUtf8String()).isEqualTo("x");
  }

  @Test
  void aPutIntoAnUnknownBucketIsNoSuchBucket() {
    assertThatThrownBy(
            () -> s3.putObject(b -> b.bucket("nowhere").key("a"), RequestBody.fromString("x")))
        .isInstanceOf(NoSuchBucketException.class);
    assertThat(s3.listBuckets().buckets()).isEmpty();
  }

  @Test
  void aReadOnlyKeyCannotWriteAndReachesOnlyItsBuckets() {
    s3.createBucket(b -> b.bucket("photos"));
    s3.createBucket(b -> b.bucket("docs"));
    try (var reader = client(READER_KEY, READER_SECRET)) {
      assertThat(reader.listBuckets().buckets()).extracting(Bucket::name).containsExactly("photos");
      assertThatThrownBy(
              () -> reader.putObject(b -> b.bucket("photos").key("a"), RequestBody.fromString("x")))
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
      assertThatThrownBy(() -> reader.listObjectsV2(b -> b.bucket("docs")))
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              });
    }
    assertThat(s3.listObjectsV2(b -> b.bucket("photos")).contents()).isEmpty();
  }

  @Test
  void anUnknownAccessKeyIsInvalidAccessKeyId() {
    try (var stranger = client("stranger", ADMIN_SECRET)) {
      assertThatThrownBy(stranger::listBuckets)
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId"));
    }
  }

  @Test
  void unsupportedFeaturesAreNotImplemented() {
    s3.createBucket(b -> b.bucket("photos"));
    assertThatThrownBy(() -> s3.getBucketTagging(b -> b.bucket("photos")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(501);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
            });
  }
}
