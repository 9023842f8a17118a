package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** A key that ends with '/' is kept as given, never silently changed. */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.Backends#names")
class KeyWithTrailingSlashTest extends ServerTest {

  @Test
  void aKeyEndingWithASlashIsStoredAndReadAsGiven() {
    HttpResponse<byte[]> put = http.put("/b/docs/dir/", new byte[] {7});

    assertThat(put.statusCode()).as(Http.text(put)).isEqualTo(201);
    assertThat(Http.json(put)).containsEntry("key", "dir/");
    assertThat(put.headers().firstValue("Location")).hasValue("/b/docs/dir/");
    assertThat(store.exists(BlobRef.key("docs", "dir/"))).isTrue();
    assertThat(store.exists(BlobRef.key("docs", "dir"))).isFalse();
    assertThat(http.get("/b/docs/dir/").body()).containsExactly(7);
    assertThat(error(http.get("/b/docs/dir"), 404)).contains("docs/dir");
    assertThat(http.delete("/b/docs/dir/").statusCode()).isEqualTo(204);
    assertThat(store.exists(BlobRef.key("docs", "dir/"))).isFalse();
  }

  @Test
  void aKeyWithoutTheSlashIsAnotherBlob() {
    http.put("/b/docs/a/b", new byte[] {1});
    http.put("/b/docs/a/b/", new byte[] {2});

    assertThat(http.get("/b/docs/a/b").body()).containsExactly(1);
    assertThat(http.get("/b/docs/a/b/").body()).containsExactly(2);
  }

  @Test
  void aBucketPathWithATrailingSlashStillListsTheBucket() {
    http.put("/b/docs/x", new byte[] {1});

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items =
        (List<Map<String, Object>>) Http.json(http.get("/b/docs/")).get("items");

    assertThat(items).extracting(i -> i.get("key")).containsExactly("x");
  }
}
