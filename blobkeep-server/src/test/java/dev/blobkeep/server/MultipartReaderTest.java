package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

  static byte[] form(String boundary, byte[] file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("preamble to ignore\r\n".getBytes(StandardCharsets.US_ASCII));
    BlobReadWriteTest.writePart(
        out, boundary, "form-data; name=\"a\"", null, "one".getBytes(StandardCharsets.UTF_8));
    BlobReadWriteTest.writePart(
        out, boundary, "form-data; name=\"f\"; filename=\"x.bin\"", "image/png", file);
    out.writeBytes(("--" + boundary + "--\r\nepilogue").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** Returns one byte per read, the most awkward source a parser can have. */
  static InputStream oneByteAtATime(byte[] b) {
    return new FilterInputStream(new ByteArrayInputStream(b)) {
      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        return super.read(buf, off, Math.min(len, 1));
      }
    };
  }

  @Test
  void streamsPartsWhateverTheReadSizes() throws IOException {
    byte[] file = ServerTest.bytes(200_000, 3);
    // Content that nearly looks like a delimiter must come through untouched.
    System.arraycopy("\r\n--bound".getBytes(StandardCharsets.US_ASCII), 0, file, 1000, 9);
    for (InputStream in :
        new InputStream[] {
          new ByteArrayInputStream(form("boundary", file)), oneByteAtATime(form("boundary", file))
        }) {
      MultipartReader reader = new MultipartReader(in, "boundary");
      MultipartReader.Part a = reader.next();
      assertThat(a.header("content-disposition")).isEqualTo("form-data; name=\"a\"");
      assertThat(new String(a.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one");
      MultipartReader.Part f = reader.next();
      assertThat(f.header("content-type")).isEqualTo("image/png");
      assertThat(f.body().readAllBytes()).isEqualTo(file);
      assertThat(reader.next()).isNull();
    }
  }

  @Test
  void skipsAnUnreadPart() throws IOException {
    MultipartReader reader =
        new MultipartReader(new ByteArrayInputStream(form("b", new byte[] {7})), "b");
    reader.next();
    assertThat(reader.next().body().readAllBytes()).containsExactly(7);
  }

  @Test
  void aBodyWithoutItsClosingBoundaryIsMalformed() throws IOException {
    byte[] cut =
        ("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nabc")
            .getBytes(StandardCharsets.US_ASCII);
    MultipartReader reader = new MultipartReader(new ByteArrayInputStream(cut), "b");
    MultipartReader.Part part = reader.next();
    assertThatThrownBy(() -> part.body().readAllBytes())
        .isInstanceOf(MultipartReader.Malformed.class)
        .hasMessageContaining("closing boundary");
    assertThatThrownBy(() -> new MultipartReader(new ByteArrayInputStream(new byte[0]), "b").next())
        .isInstanceOf(MultipartReader.Malformed.class);
  }

  @Test
  void readsQuotedHeaderParameters() {
    String cd = "form-data; name=\"file\"; filename=\"a; \\\"b\\\".png\"";
    assertThat(HeaderParams.param(cd, "name")).isEqualTo("file");
    assertThat(HeaderParams.param(cd, "filename")).isEqualTo("a; \"b\".png");
    assertThat(HeaderParams.param("multipart/form-data; boundary=xyz", "boundary"))
        .isEqualTo("xyz");
    assertThat(HeaderParams.param("multipart/form-data", "boundary")).isNull();
  }
}
