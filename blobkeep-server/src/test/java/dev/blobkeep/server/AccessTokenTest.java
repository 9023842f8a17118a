package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokenTest {

  @Test
  void parsesSecretPermissionsAndBuckets() {
    AccessToken all = AccessToken.parse("s3cr3t:rw:*");
    assertThat(all.canWrite()).isTrue();
    assertThat(all.allBuckets()).isTrue();
    assertThat(all.allows("anything")).isTrue();
    assertThat(all.matches("s3cr3t")).isTrue();
    assertThat(all.matches("s3cr3")).isFalse();
    assertThat(all.matches(null)).isFalse();

    AccessToken viewer = AccessToken.parse("viewer1:ro:photos,docs");
    assertThat(viewer.canWrite()).isFalse();
    assertThat(viewer.buckets()).containsExactly("photos", "docs");
    assertThat(viewer.allows("docs")).isTrue();
    assertThat(viewer.allows("secret")).isFalse();
  }

  @Test
  void neverPrintsTheSecret() {
    assertThat(AccessToken.parse("s3cr3t:rw:*").toString()).doesNotContain("s3cr3t").contains("rw");
    assertThatThrownBy(() -> AccessToken.parse("s3cr3t:admin:*"))
        .hasMessage("token permissions are 'admin', expected ro or rw")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void refusesMalformedTokensNamingThePart() {
    assertThatThrownBy(() -> AccessToken.parse("abc")).hasMessageContaining("expected 3");
    assertThatThrownBy(() -> AccessToken.parse("short:rw:*")).hasMessageContaining("at least 6");
    assertThatThrownBy(() -> AccessToken.parse("s3cr3t:rw:a b")).hasMessageContaining("'a b'");
    assertThatThrownBy(() -> AccessToken.parse("s3cr3t:rw:")).hasMessageContaining("''");
  }

  @Test
  void tokenFilesHoldEntriesAndComments(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "# admins\nadmin123:rw:*   # all\n\nview123:ro:a,b view456:ro:c\n");

    List<AccessToken> tokens = Tokens.fromFile(file);

    assertThat(tokens).hasSize(3);
    assertThat(tokens.get(2).buckets()).containsExactly("c");
    Files.writeString(file, "good123:rw:*\nbad\n");
    assertThatThrownBy(() -> Tokens.fromFile(file)).hasMessageContaining("line 2");
  }
}
