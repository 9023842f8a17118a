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
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
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
}
