package dev.blobkeep.server.s3;

import java.io.InputStream;
import java.util.Locale;

/**
 * Turns a request body into the content it carries, checked: plain (with {@code
 * x-amz-content-sha256} as hex, or {@code UNSIGNED-PAYLOAD}) or {@code aws-chunked} in its signed
 * and unsigned, with and without trailer forms; plus {@code Content-MD5} and {@code
 * x-amz-checksum-*} headers and trailers.
 */
final class Bodies {
  private Bodies() {}

  /** The checked content of the request's body. */
  static CheckedBody open(Exchange ex) {
    S3Request r = ex.req;
    String payload = ex.auth.payload();
    InputStream raw = ex.rawBody();
    long declared = length(r.header("Content-Length"));
    CheckedBody body;
    AwsChunkedInputStream chunked = null;
    switch (payload) {
      case "UNSIGNED-PAYLOAD" -> body = new CheckedBody(raw, declared);
      case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
          "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
          "STREAMING-UNSIGNED-PAYLOAD-TRAILER" -> {
        chunked =
            new AwsChunkedInputStream(
                raw,
                ex.auth,
                !payload.startsWith("STREAMING-UNSIGNED"),
                payload.endsWith("TRAILER"));
        body = new CheckedBody(chunked, length(r.header("x-amz-decoded-content-length")));
      }
      default -> {
        if (payload.startsWith("STREAMING-")) {
          throw S3Exception.notImplemented("x-amz-content-sha256 " + payload);
        }
        if (!payload.matches("[0-9a-fA-F]{64}")) {
          throw new S3Exception(
              400,
              "InvalidArgument",
              "x-amz-content-sha256 must be a SHA-256 in hex, UNSIGNED-PAYLOAD or a STREAMING-"
                  + " form, got '"
                  + payload
                  + "'");
        }
        body = new CheckedBody(raw, declared).sha256Hex(payload.toLowerCase(Locale.ROOT));
      }
    }
    body.limit(ex.maxBodyBytes);
    String md5 = r.header("Content-MD5");
    if (md5 != null) {
      body.expect("md5", md5.strip());
    }
    for (var field : r.jetty.getHeaders()) {
      String name = field.getLowerCaseName();
      if (name.startsWith("x-amz-checksum-")) {
        String algorithm = name.substring("x-amz-checksum-".length());
        if (Checksums.known(algorithm)) {
          body.expect(algorithm, field.getValue().strip());
        } else if (!algorithm.equals("type")) {
          throw S3Exception.invalidArgument("unknown checksum header " + name);
        }
      }
    }
    String trailer = r.header("x-amz-trailer");
    if (trailer != null) {
      String name = trailer.strip().toLowerCase(Locale.ROOT);
      String algorithm = name.startsWith("x-amz-checksum-") ? name.substring(15) : "";
      if (chunked == null || !Checksums.known(algorithm)) {
        throw S3Exception.invalidArgument(
            "x-amz-trailer '" + trailer + "' needs an aws-chunked body with a trailer");
      }
      AwsChunkedInputStream c = chunked;
      body.expectLate(algorithm, () -> c.trailer(name));
    }
    return body;
  }

  private static long length(String text) {
    if (text == null) {
      return -1;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw S3Exception.invalidArgument("length '" + text + "' is not a number");
    }
  }
}
