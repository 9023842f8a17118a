package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The aws-chunked decoder on bodies framed here: signed chunks chain from the seed signature, a
 * changed byte or a missing trailer signature fails the read before its end, and a trailer checksum
 * that does not match fails the checked body.
 */
class AwsChunkedInputStreamTest {
  static final byte[] KEY = SigV4.signingKey("secret-key", "20261201", "us-east-1", "s3");
  static final String DATE = "20261201T000000Z";
  static final String SCOPE = "20261201/us-east-1/s3/aws4_request";
  static final String SEED = "0".repeat(64);
  static final Authenticator.Auth AUTH =
      new Authenticator.Auth(
          new S3Credential("k", "secret-key", true, java.util.Set.of()),
          "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
          KEY,
          DATE,
          SCOPE,
          SEED);

  /** Frames {@code chunks} as a signed aws-chunked body with a CRC32 trailer. */
  static byte[] signedBody(List<byte[]> chunks, String crcBase64) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String previous = SEED;
    for (byte[] c : concat(chunks)) {
      String toSign =
          "AWS4-HMAC-SHA256-PAYLOAD\n"
              + DATE
              + "\n"
              + SCOPE
              + "\n"
              + previous
              + "\n"
              + SigV4.EMPTY_SHA256
              + "\n"
              + SigV4.sha256Hex(c);
      previous = SigV4.sign(KEY, toSign);
      out.writeBytes(
          (Integer.toHexString(c.length) + ";chunk-signature=" + previous + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(c);
      if (c.length > 0) {
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    }
    String trailer = "x-amz-checksum-crc32:" + crcBase64 + "\n";
    String sig =
        SigV4.sign(
            KEY,
            "AWS4-HMAC-SHA256-TRAILER\n"
                + DATE
                + "\n"
                + SCOPE
                + "\n"
                + previous
                + "\n"
                + SigV4.sha256Hex(trailer));
    out.writeBytes(
        ("x-amz-checksum-crc32:" + crcBase64 + "\r\nx-amz-trailer-signature:" + sig + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  static List<byte[]> concat(List<byte[]> chunks) {
    java.util.ArrayList<byte[]> all = new java.util.ArrayList<>(chunks);
    all.add(new byte[0]);
    return all;
  }

  static String crc32(byte[]... parts) {
    CRC32 crc = new CRC32();
    for (byte[] p : parts) {
      crc.update(p);
    }
    return Base64.getEncoder()
        .encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  static CheckedBody decode(byte[] body) {
    AwsChunkedInputStream chunked =
        new AwsChunkedInputStream(new ByteArrayInputStream(body), AUTH, true, true);
    return new CheckedBody(chunked, -1)
        .expectLate("crc32", () -> chunked.trailer("x-amz-checksum-crc32"));
  }

  /** Reads one byte at a time, as an awkward reader would. */
  static byte[] readSlowly(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] one = new byte[1];
    while (in.read(one, 0, 1) > 0) {
      out.write(one[0]);
    }
    return out.toByteArray();
  }

  @Test
  void signedChunksWithATrailerDecodeToTheContent() throws IOException {
    byte[] a = "hello, ".getBytes(StandardCharsets.UTF_8);
    byte[] b = "chunked world".getBytes(StandardCharsets.UTF_8);
    byte[] body = signedBody(List.of(a, b), crc32(a, b));
    assertThat(readSlowly(decode(body)))
        .isEqualTo("hello, chunked world".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aChangedByteFailsWithSignatureDoesNotMatch() {
    byte[] a = "hello, ".getBytes(StandardCharsets.UTF_8);
    byte[] b = "chunked world".getBytes(StandardCharsets.UTF_8);
    byte[] body = signedBody(List.of(a, b), crc32(a, b));
    String text = new String(body, StandardCharsets.ISO_8859_1);
    body[text.indexOf("chunked world")] = 'C';
    assertThatThrownBy(() -> decode(body).readAllBytes())
        .isInstanceOfSatisfying(
            BodyRejected.class,
            e -> assertThat(e.error().code()).isEqualTo("SignatureDoesNotMatch"));
  }

  @Test
  void aWrongTrailerChecksumFailsWithBadDigest() {
    byte[] a = "payload".getBytes(StandardCharsets.UTF_8);
    byte[] body = signedBody(List.of(a), crc32("other".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> decode(body).readAllBytes())
        .isInstanceOfSatisfying(
            BodyRejected.class, e -> assertThat(e.error().code()).isEqualTo("BadDigest"));
  }

  @Test
  void anUnsignedTrailerBodyNeedsNoSignatures() throws IOException {
    byte[] a = "plain".getBytes(StandardCharsets.UTF_8);
    String body = "5\r\nplain\r\n0\r\nx-amz-checksum-crc32:" + crc32(a) + "\r\n\r\n";
    AwsChunkedInputStream chunked =
        new AwsChunkedInputStream(
            new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), AUTH, false, true);
    CheckedBody checked =
        new CheckedBody(chunked, 5)
            .expectLate("crc32", () -> chunked.trailer("x-amz-checksum-crc32"));
    assertThat(checked.readAllBytes()).isEqualTo(a);
  }

  @Test
  void aTruncatedBodyFails() {
    byte[] a = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] body = signedBody(List.of(a), crc32(a));
    byte[] cut = java.util.Arrays.copyOf(body, body.length / 2);
    assertThatThrownBy(() -> decode(cut).readAllBytes()).isInstanceOf(BodyRejected.class);
  }
}
