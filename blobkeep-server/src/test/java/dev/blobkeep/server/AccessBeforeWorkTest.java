package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code /id/{id}} checks the token against the blob's bucket before any work: a token that may not
 * see the bucket costs one row lookup, never a read of the content.
 */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.Backends#names")
class AccessBeforeWorkTest extends ServerTest {

  /** The stored SHA-256 as a listing shows it (a listing never computes one). */
  private String storedSha(BlobInfo blob) {
    return store.list(Query.bucket(blob.bucket()).fields("sha256")).items().stream()
        .filter(i -> i.id().equals(blob.id()))
        .findFirst()
        .orElseThrow()
        .sha256();
  }

  @Test
  void aTokenWithoutAccessIsRefusedWithoutTheContentBeingRead() {
    // Allocated: no SHA-256 yet, so anything that wants one must read every byte.
    BlobInfo big = store.allocate(64L << 20, PutOptions.at("secret", "big"));
    assertThat(storedSha(big)).isNull();
    http.token = WRITER;

    assertThat(error(http.get("/id/" + big.id()), 403)).contains("'secret'");
    assertThat(http.head("/id/" + big.id()).statusCode()).isEqualTo(403);
    assertThat(error(http.patch("/id/" + big.id() + "?offset=0", new byte[] {1}), 403))
        .contains("'secret'");
    assertThat(error(http.delete("/id/" + big.id()), 403)).contains("'secret'");

    assertThat(storedSha(big)).as("SHA-256 computed, so the content was read").isNull();
    http.token = ADMIN;
    assertThat(http.head("/id/" + big.id()).statusCode()).isEqualTo(200);
  }

  @Test
  void anUnknownIdIs404ForAnyToken() {
    http.token = VIEWER;

    assertThat(error(http.get("/id/0190b8c2-0000-7000-8000-000000000000"), 404)).isNotBlank();
  }
}
