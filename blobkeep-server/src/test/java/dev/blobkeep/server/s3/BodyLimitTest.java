package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.server.BlobServer;
import dev.blobkeep.server.Limits;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The server's --max-body applies to the S3 port: a larger object is refused and not stored. */
class BodyLimitTest {
  @TempDir Path dir;

  @Test
  void anObjectLargerThanMaxBodyIsEntityTooLargeAndNotStored() {
    try (BlobStore store =
            BlobStore.open(dir.resolve("b.db").toString(), StoreOptions.defaults().durable(false));
        BlobServer server =
            BlobServer.builder()
                .store(store)
                .port(0)
                .noAuth(true)
                .accessLog(false)
                .limits(Limits.defaults().maxBodyBytes(1000))
                .s3Port(0)
                .s3Credential("lim:lim-secret-123456:rw:*")
                .build()
                .start();
        S3Client s3 =
            S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.s3Port()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("lim", "lim-secret-123456")))
                .build()) {
      s3.createBucket(b -> b.bucket("small"));
      s3.putObject(b -> b.bucket("small").key("ok"), RequestBody.fromBytes(new byte[1000]));
      assertThatThrownBy(
              () ->
                  s3.putObject(
                      b -> b.bucket("small").key("big"), RequestBody.fromBytes(new byte[1001])))
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityTooLarge"));
      assertThat(store.exists(BlobRef.key("small", "big"))).isFalse();
    }
  }
}
