package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.blobkeep.BlobInfo;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Multipart steps through the SDK on a bucket {@code mpu} each test starts with. */
abstract class MultipartBase extends S3ServerTest {
  @BeforeEach
  void createBucket() {
    s3.createBucket(b -> b.bucket("mpu"));
  }

  /** Begins an upload of {@code key} in bucket mpu; returns its id. */
  String begin(String key) {
    return s3.createMultipartUpload(b -> b.bucket("mpu").key(key)).uploadId();
  }

  /** Sends part {@code n} of an upload; returns its ETag. */
  String part(String key, String id, int n, RequestBody body) {
    return s3.uploadPart(b -> b.bucket("mpu").key(key).uploadId(id).partNumber(n), body).eTag();
  }

  void complete(String key, String id, CompletedPart... parts) {
    s3.completeMultipartUpload(
        b -> b.bucket("mpu").key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
  }

  /**
   * Removes the staged part {@code number} of upload {@code id} behind the server's back, as an
   * Abort, gc or a lost commit would.
   */
  void removePart(String id, int number) {
    for (BlobInfo p :
        store
            .listStaged("mpu", Map.of("s3_upload", id, "s3_part", "" + number), null, 10)
            .items()) {
      store.delete(p.ref());
    }
  }

  static CompletedPart sent(int n, String etag) {
    return CompletedPart.builder().partNumber(n).eTag(etag).build();
  }

  /** The S3 error code the call fails with. */
  static String errorCode(ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).isInstanceOf(S3Exception.class);
    return ((S3Exception) t).awsErrorDetails().errorCode();
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
