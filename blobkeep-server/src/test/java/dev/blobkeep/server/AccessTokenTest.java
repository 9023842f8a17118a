package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokenTest {

  @Test
  void parsesSecretPermissionsAndBuckets() {
    AccessToken all = AccessToken.parse("s3cr3t-0123456789:rw:*");
    assertThat(all.canWrite()).isTrue();
    assertThat(all.allBuckets()).isTrue();
    assertThat(all.allows("anything")).isTrue();
    assertThat(all.matches("s3cr3t-0123456789")).isTrue();
    assertThat(all.matches("s3cr3t-012345678")).isFalse();
    assertThat(all.matches(null)).isFalse();

    AccessToken viewer = AccessToken.parse("viewer1-0123456789:ro:photos,docs");
    assertThat(viewer.canWrite()).isFalse();
    assertThat(viewer.buckets()).containsExactly("photos", "docs");
    assertThat(viewer.allows("docs")).isTrue();
    assertThat(viewer.allows("secret")).isFalse();
  }

  @Test
  void neverPrintsTheSecret() {
    assertThat(AccessToken.parse("s3cr3t-0123456789:rw:*").toString())
        .doesNotContain("s3cr3t")
        .contains("rw");
    assertThatThrownBy(() -> AccessToken.parse("s3cr3t-0123456789:admin:*"))
        .hasMessage("token permissions are 'admin', expected ro or rw")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void refusesMalformedTokensNamingThePart() {
    assertThatThrownBy(() -> AccessToken.parse("abc")).hasMessageContaining("expected 3");
    assertThatThrownBy(() -> AccessToken.parse("s3cr3t-0123456789:rw:a b"))
        .hasMessageContaining("'a b'");
    assertThatThrownBy(() -> AccessToken.parse("s3cr3t-0123456789:rw:")).hasMessageContaining("''");
  }

  @Test
  void tokenFilesHoldEntriesAndComments(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(
        file,
        "# admins\nadmin-0123456789ab:rw:*   # all\n\n"
            + "view-0123456789abc:ro:a,b view-0123456789abd:ro:c\n");

    List<AccessToken> tokens = Tokens.fromFile(file);

    assertThat(tokens).hasSize(3);
    assertThat(tokens.get(2).buckets()).containsExactly("c");
    Files.writeString(file, "good-0123456789abc:rw:*\nbad\n");
    assertThatThrownBy(() -> Tokens.fromFile(file)).hasMessageContaining("line 2");
  }

  @Test
  void aSecretShorterThan16CharactersIsRefusedSayingHowToMakeOne() {
    String shortSecret = "x".repeat(AccessToken.MIN_SECRET_LENGTH - 1);

    assertThatThrownBy(() -> AccessToken.parse(shortSecret + ":rw:*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least " + AccessToken.MIN_SECRET_LENGTH)
        .hasMessageContaining("openssl rand -hex 24")
        .hasMessageNotContaining(shortSecret);
    assertThat(AccessToken.parse("x".repeat(AccessToken.MIN_SECRET_LENGTH) + ":rw:*").canWrite())
        .isTrue();
  }

  @Test
  void noPartOfTheSecretsHashIsPrinted() throws Exception {
    String secret = "s3cr3t-0123456789";
    String hash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));

    String shown = AccessToken.parse(secret + ":ro:docs").toString();

    for (int i = 0; i + 4 <= hash.length(); i++) {
      assertThat(shown).doesNotContain(hash.substring(i, i + 4));
    }
    assertThat(shown).doesNotContain(secret.substring(0, 6)).contains("ro").contains("docs");
  }

  @Test
  void tokensComeFromTheEnvironmentVariableAndNameItInErrors() {
    List<AccessToken> tokens =
        Tokens.fromEnvironment(
            Map.of(Tokens.ENV, " admin-0123456789ab:rw:*\n view-0123456789abc:ro:docs "));

    assertThat(tokens).hasSize(2);
    assertThat(tokens.get(0).matches("admin-0123456789ab")).isTrue();
    assertThat(tokens.get(1).buckets()).containsExactly("docs");
    assertThat(Tokens.fromEnvironment(Map.of())).isEmpty();
    assertThatThrownBy(() -> Tokens.fromEnvironment(Map.of(Tokens.ENV, "tooshort:rw:*")))
        .hasMessageStartingWith(Tokens.ENV + ": ")
        .hasMessageNotContaining("tooshort");
  }
}
