package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What a Complete answers when something of its upload goes while it runs. A part removed after
 * Complete listed the parts and before its compose (the same number sent again replaces it) fails
 * it with InvalidPart naming the part's number, as a part missing from the listing does. An upload
 * removed by a concurrent Abort (its record first, then its parts) fails it with NoSuchUpload, as
 * S3 answers, at whatever point the Abort is; and an upload completed is gone for an Abort that
 * comes after, so that the two never both succeed. The server's store runs the removal just before
 * or after the compose; the client does not retry, so the first answer is the one checked.
 */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.s3.S3Backends#names")
class MultipartPartGoneTest extends MultipartBase {
  private static final int MIB = 1024 * 1024;

  /** Runs once, on the server's thread, just before the next compose; null once run. */
  private volatile Runnable beforeCompose;

  /** Runs once, on the server's thread, just after the next compose returned; null once run. */
  private volatile Runnable afterCompose;

  @Override
  BlobStore served(BlobStore store) {
    return (BlobStore)
        Proxy.newProxyInstance(
            BlobStore.class.getClassLoader(),
            new Class<?>[] {BlobStore.class},
            (proxy, method, args) -> {
              Runnable hook = beforeCompose;
              if (method.getName().equals("compose") && hook != null) {
                beforeCompose = null;
                hook.run();
              }
              Object result;
              try {
                result = method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              Runnable after = afterCompose;
              if (method.getName().equals("compose") && after != null) {
                afterCompose = null;
                after.run();
              }
              return result;
            });
  }

  @Test
  void aPartRemovedBeforeTheComposeIsAnInvalidPartNamingItsNumberAndNothingElseChanges() {
    String id = begin("k");
    byte[] p1 = random(5 * MIB, 1);
    String e1 = part("k", id, 1, RequestBody.fromBytes(p1));
    // Part number 3 is the second part: the answer names the number, not the position.
    String e3 = part("k", id, 3, RequestBody.fromString("last"));
    beforeCompose = () -> removePart(id, 3);

    Throwable t = completeOnce(id, sent(1, e1), sent(3, e3));
    assertThat(beforeCompose).as("the part was removed before the compose").isNull();
    assertThat(t).isInstanceOf(S3Exception.class).hasMessageContaining("part 3 ETag " + e3);
    assertThat(((S3Exception) t).statusCode()).isEqualTo(400);
    assertThat(((S3Exception) t).awsErrorDetails().errorCode()).isEqualTo("InvalidPart");
    assertThat(s3.listObjectsV2(b -> b.bucket("mpu")).contents()).isEmpty();
    assertThat(s3.listParts(b -> b.bucket("mpu").key("k").uploadId(id)).parts())
        .extracting(Part::partNumber)
        .containsExactly(1);

    // The client sends the part again and completes.
    String again = part("k", id, 3, RequestBody.fromString("last"));
    complete("k", id, sent(1, e1), sent(3, again));
    byte[] all = store.getBytes(BlobRef.key("mpu", "k"));
    assertThat(all).hasSize(p1.length + 4);
    assertThat(java.util.Arrays.copyOfRange(all, 0, p1.length)).isEqualTo(p1);
  }

  @Test
  void anUploadAbortedBeforeTheComposeIsNoSuchUploadAndLeavesNothing() {
    String id = begin("k");
    String e1 = part("k", id, 1, RequestBody.fromBytes(random(5 * MIB, 2)));
    String e2 = part("k", id, 2, RequestBody.fromString("last"));
    // The Abort comes in through the S3 port while Complete is between its listing and compose.
    beforeCompose = () -> s3.abortMultipartUpload(b -> b.bucket("mpu").key("k").uploadId(id));

    Throwable t = completeOnce(id, sent(1, e1), sent(2, e2));
    assertThat(beforeCompose).as("the abort ran before the compose").isNull();
    assertThat(t).isInstanceOf(S3Exception.class).hasMessageContaining(id);
    assertThat(((S3Exception) t).statusCode()).isEqualTo(404);
    assertThat(((S3Exception) t).awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload");
    assertThat(s3.listObjectsV2(b -> b.bucket("mpu")).contents()).isEmpty();
    assertThat(store.listStaged("mpu", Map.of(), null, 10).items()).isEmpty();
  }

  @Test
  void aCompleteWhileAnAbortIsHalfDoneIsNoSuchUploadAndMakesNoObject() {
    String id = begin("k");
    String e1 = part("k", id, 1, RequestBody.fromBytes(random(5 * MIB, 3)));
    String e2 = part("k", id, 2, RequestBody.fromString("last"));
    // The Abort has removed the upload's record and not yet its parts.
    beforeCompose =
        () -> {
          for (BlobInfo u :
              store
                  .listStaged("mpu", Map.of("s3_kind", "upload", "s3_upload", id), null, 10)
                  .items()) {
            store.delete(u.ref());
          }
        };

    Throwable t = completeOnce(id, sent(1, e1), sent(2, e2));
    assertThat(beforeCompose).as("the record was removed before the compose").isNull();
    assertThat(t).isInstanceOf(S3Exception.class);
    assertThat(((S3Exception) t).awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload");
    assertThat(s3.listObjectsV2(b -> b.bucket("mpu")).contents()).isEmpty();
  }

  @Test
  void anAbortAfterTheComposeIsNoSuchUploadAndTheObjectStays() {
    String id = begin("k");
    byte[] p1 = random(5 * MIB, 4);
    String e1 = part("k", id, 1, RequestBody.fromBytes(p1));
    String e2 = part("k", id, 2, RequestBody.fromString("last"));
    Throwable[] abort = new Throwable[1];
    afterCompose =
        () ->
            abort[0] =
                catchThrowable(
                    () -> s3.abortMultipartUpload(b -> b.bucket("mpu").key("k").uploadId(id)));

    complete("k", id, sent(1, e1), sent(2, e2));
    assertThat(afterCompose).as("the abort ran after the compose").isNull();
    assertThat(abort[0]).isInstanceOf(S3Exception.class);
    assertThat(((S3Exception) abort[0]).awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload");
    assertThat(store.getBytes(BlobRef.key("mpu", "k"))).hasSize(p1.length + 4);
  }

  /** Completes upload {@code id} of key k once, without the client's retries; what it threw. */
  private Throwable completeOnce(String id, CompletedPart... parts) {
    try (S3Client once = clientWithoutRetries()) {
      return catchThrowable(
          () ->
              once.completeMultipartUpload(
                  b -> b.bucket("mpu").key("k").uploadId(id).multipartUpload(m -> m.parts(parts))));
    }
  }

  private S3Client clientWithoutRetries() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ADMIN_KEY, ADMIN_SECRET)))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
