package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.server.BlobServer;
import dev.blobkeep.server.ServerArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 options of the server's command line and of S3 credentials. */
class S3ArgsTest {
  @TempDir Path dir;

  @Test
  void theS3OptionsStartAnS3PortBesideTheApi() throws Exception {
    Path keys = Files.writeString(dir.resolve("keys"), "# app\nfile:file-secret-1:ro:a,b\n");
    try (BlobServer server =
        ServerArgs.parse(
                new String[] {
                  "--db",
                  dir.resolve("s.db").toString(),
                  "--port",
                  "0",
                  "--no-auth",
                  "--no-access-log",
                  "--s3-port",
                  "0",
                  "--s3-credentials",
                  "app:app-secret-1:rw:*",
                  "--s3-credentials-file",
                  keys.toString(),
                  "--s3-region",
                  "eu-west-1",
                  "--s3-domain",
                  "s3.example.com"
                })
            .build()
            .start()) {
      assertThat(server.s3Port()).isPositive().isNotEqualTo(server.port());
    }
  }

  @Test
  void anS3PortWithoutCredentialsIsRefusedNamingTheOption() {
    assertThatThrownBy(
            () ->
                ServerArgs.parse(
                        new String[] {
                          "--db", dir.resolve("s.db").toString(), "--no-auth", "--s3-port", "0"
                        })
                    .build()
                    .start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--s3-credentials");
  }

  @Test
  void malformedCredentialsNameTheProblemAndNeverTheSecret() {
    assertThatThrownBy(() -> S3Credential.parse("app:short:rw:*"))
        .hasMessageContaining("at least 8")
        .hasMessageNotContaining("short:");
    assertThatThrownBy(() -> S3Credential.parse("app:long-enough-secret:rx:*"))
        .hasMessageContaining("'rx'")
        .hasMessageNotContaining("long-enough-secret");
    assertThatThrownBy(() -> S3Credential.parse("app:long-enough-secret:rw"))
        .hasMessageContaining("4");
    assertThatThrownBy(
            () -> S3Credential.fromEnvironment(Map.of(S3Credential.ENV, "ok:ok-secret-1:rw:* bad")))
        .hasMessageContaining(S3Credential.ENV);
    S3Credential c = S3Credential.parse("app:long-enough-secret:ro:a,b");
    assertThat(c.reaches("a")).isTrue();
    assertThat(c.reaches("c")).isFalse();
    assertThat(c.write()).isFalse();
    assertThat(c.toString()).doesNotContain("long-enough-secret");
  }
}
