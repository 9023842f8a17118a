package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.Query;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** A browser form's text fields are bounded in number and in total size. */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.Backends#names")
class FormFieldLimitsTest extends ServerTest {
  private static final String BOUNDARY = "----FormBoundary7Q";

  private HttpResponse<byte[]> postForm(int fields, int valueBytes) {
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    for (int i = 0; i < fields; i++) {
      BlobReadWriteTest.writePart(
          form,
          BOUNDARY,
          "form-data; name=\"f" + i + "\"",
          null,
          "v".repeat(valueBytes).getBytes(StandardCharsets.UTF_8));
    }
    BlobReadWriteTest.writePart(
        form,
        BOUNDARY,
        "form-data; name=\"file\"; filename=\"a.txt\"",
        "text/plain",
        new byte[] {1});
    form.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return http.post(
        "/b/docs", form.toByteArray(), "Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
  }

  @Test
  void oneTextFieldTooManyIs413NamingTheLimitAndStoresNothing() {
    String message = error(postForm(FormUpload.MAX_FIELDS + 1, 1), 413);

    assertThat(message).contains(String.valueOf(FormUpload.MAX_FIELDS)).contains("text fields");
    assertThat(store.list(Query.bucket("docs")).items()).isEmpty();
  }

  @Test
  void textFieldsLargerInTotalThanTheLimitAre413NamingItAndStoreNothing() {
    // Four values fill the limit exactly; with their names the fourth field, f3, goes over it.
    int perField = FormUpload.MAX_FIELDS_BYTES / 4;

    String message = error(postForm(5, perField), 413);

    assertThat(message).contains(String.valueOf(FormUpload.MAX_FIELDS_BYTES)).contains("'f3'");
    assertThat(store.list(Query.bucket("docs")).items()).isEmpty();
  }

  @Test
  void asManyFieldsAsTheLimitAreStored() {
    HttpResponse<byte[]> post = postForm(FormUpload.MAX_FIELDS, 8);

    assertThat(post.statusCode()).as(Http.text(post)).isEqualTo(201);
    assertThat(store.list(Query.bucket("docs")).items().get(0).meta())
        .hasSize(FormUpload.MAX_FIELDS + 1);
  }
}
