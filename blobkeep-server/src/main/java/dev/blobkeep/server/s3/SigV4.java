package dev.blobkeep.server.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pieces of AWS Signature Version 4 that S3 uses: URI encoding, the canonical path and query,
 * HMAC-SHA256, the signing key. Stateless.
 */
final class SigV4 {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final HexFormat HEX = HexFormat.of();

  private SigV4() {}

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
  static byte[] signingKey(String secret, String date, String region, String service) {
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    return hmac(k, "aws4_request");
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  static String sha256Hex(byte[] bytes) {
    return hex(sha256().digest(bytes));
  }

  static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Signature = hex(HMAC(signingKey, stringToSign)). */
  static String sign(byte[] signingKey, String stringToSign) {
    return hex(hmac(signingKey, stringToSign));
  }

  /** True if the two hex signatures are equal, compared in constant time. */
  static boolean same(String expected, String given) {
    return given != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            given.getBytes(StandardCharsets.US_ASCII));
  }

  /** Encodes every byte but the unreserved A-Z a-z 0-9 - . _ ~ as %XY (upper-case hex). */
  static String encode(String text, boolean keepSlash) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      appendEncoded(out, b, keepSlash);
    }
    return out.toString();
  }

  private static void appendEncoded(StringBuilder out, byte b, boolean keepSlash) {
    char c = (char) (b & 0xff);
    if ((c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || (keepSlash && c == '/')) {
      out.append(c);
    } else {
      out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)));
      out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
    }
  }

  /**
   * The canonical URI of a raw request path: S3 signs the path encoded once, so each byte is
   * brought to that form whichever way the client escaped it; an escaped {@code /} (%2F) stays
   * escaped, a literal one stays literal.
   */
  static String canonicalPath(String rawPath) {
    byte[] bytes = rawPath.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '%' && i + 2 < bytes.length) {
        int hi = Character.digit(bytes[i + 1], 16);
        int lo = Character.digit(bytes[i + 2], 16);
        if (hi >= 0 && lo >= 0) {
          appendEncoded(out, (byte) (hi * 16 + lo), false);
          i += 2;
          continue;
        }
      }
      appendEncoded(out, b, true);
    }
    return out.toString();
  }

  /**
   * The canonical query string: each name and value decoded and encoded again, sorted by name then
   * value, {@code X-Amz-Signature} left out when {@code presigned}.
   */
  static String canonicalQuery(String rawQuery, boolean presigned) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = S3Request.decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : S3Request.decode(pair.substring(eq + 1));
      if (presigned && name.equals("X-Amz-Signature")) {
        continue;
      }
      pairs.add(new String[] {encode(name, false), encode(value, false)});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder();
    for (String[] p : pairs) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  /** A header value as signed: trimmed, runs of spaces made one. */
  static String canonicalValue(String value) {
    String v = value.strip();
    if (v.indexOf("  ") < 0) {
      return v; // the usual case, without a regular expression per header
    }
    return v.replaceAll(" +", " ");
  }
}
