package dev.blobkeep.bench;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the s3-* workloads' requests with Signature V4 in the Authorization header, as every S3
 * client does, so that the server checks a real signature on every request. Paths and queries are
 * the workloads' own plain ASCII, needing no encoding. Thread-safe.
 */
final class S3Signer {
  /** The payload hash of a request without a body, or of one whose body is not hashed. */
  static final String EMPTY = sha256(new byte[0]);

  static final String UNSIGNED = "UNSIGNED-PAYLOAD";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
  private static final String REGION = "us-east-1";

  private final String accessKey;
  private final String secret;

  S3Signer(String accessKey, String secret) {
    this.accessKey = accessKey;
    this.secret = secret;
  }

  /**
   * Adds the date, payload hash and Authorization headers to a request for {@code host} (the {@code
   * Host} header the client sends), {@code path} and {@code query} (sorted, encoded).
   */
  HttpRequest.Builder sign(
      HttpRequest.Builder request,
      String method,
      String host,
      String path,
      String query,
      String payloadHash) {
    String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
    String day = stamp.substring(0, 8);
    String scope = day + "/" + REGION + "/s3/aws4_request";
    String signed = "host;x-amz-content-sha256;x-amz-date";
    String canonical =
        String.join(
            "\n",
            method,
            path,
            query,
            "host:" + host,
            "x-amz-content-sha256:" + payloadHash,
            "x-amz-date:" + stamp,
            "",
            signed,
            payloadHash);
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + stamp
            + "\n"
            + scope
            + "\n"
            + sha256(canonical.getBytes(StandardCharsets.UTF_8));
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
    for (String part : new String[] {REGION, "s3", "aws4_request"}) {
      key = hmac(key, part);
    }
    String signature = HexFormat.of().formatHex(hmac(key, toSign));
    return request
        .header("x-amz-date", stamp)
        .header("x-amz-content-sha256", payloadHash)
        .header(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential="
                + accessKey
                + "/"
                + scope
                + ", SignedHeaders="
                + signed
                + ", Signature="
                + signature);
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static byte[] hmac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
