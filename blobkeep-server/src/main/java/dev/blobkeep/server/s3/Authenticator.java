package dev.blobkeep.server.s3;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the Signature Version 4 of a request, given in the {@code Authorization} header or in the
 * query (a presigned URL), against the configured keys. Any region name is accepted; the clock may
 * differ by 15 minutes. Thread-safe.
 */
final class Authenticator {
  static final Duration MAX_SKEW = Duration.ofMinutes(15);
  static final long MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

  private static final int MAX_SIGNING_KEYS = 256;
  private final Map<String, S3Credential> keys = new HashMap<>();
  private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();
  private final Clock clock;

  /** A verified request: who signed it and what the body's signing needs. */
  record Auth(
      S3Credential credential,
      String payload,
      byte[] signingKey,
      String amzDate,
      String scope,
      String seedSignature) {}

  Authenticator(List<S3Credential> credentials, Clock clock) {
    for (S3Credential c : credentials) {
      keys.put(c.accessKey(), c);
    }
    this.clock = clock;
  }

  Auth verify(S3Request r) {
    String header = r.header("Authorization");
    if (header != null) {
      return verifyHeader(r, header);
    }
    if (r.has("X-Amz-Signature") || r.has("X-Amz-Credential")) {
      return verifyPresigned(r);
    }
    if (r.has("Signature") && r.has("AWSAccessKeyId")) {
      throw S3Exception.notImplemented("Signature Version 2 (presigned URL)");
    }
    throw S3Exception.accessDenied(
        "Access Denied: the request has no Authorization header and no presigned signature");
  }

  private Auth verifyHeader(S3Request r, String header) {
    if (header.startsWith("AWS ")) {
      throw S3Exception.notImplemented("Signature Version 2 (Authorization: AWS ...)");
    }
    if (!header.startsWith(SigV4.ALGORITHM + " ")) {
      throw new S3Exception(
          400,
          "AuthorizationHeaderMalformed",
          "The authorization header is malformed: it does not start with " + SigV4.ALGORITHM);
    }
    Map<String, String> fields = new HashMap<>();
    for (String part : header.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        fields.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
      }
    }
    String credential = fields.get("Credential");
    String signed = fields.get("SignedHeaders");
    String signature = fields.get("Signature");
    if (credential == null || signed == null || signature == null) {
      throw new S3Exception(
          400,
          "AuthorizationHeaderMalformed",
          "The authorization header is malformed: it needs Credential, SignedHeaders and"
              + " Signature");
    }
    String amzDate = r.header("x-amz-date");
    Instant when = amzDate != null ? parseAmzDate(amzDate) : parseHttpDate(r.header("Date"));
    if (amzDate == null) {
      amzDate = AMZ_DATE.format(when.atOffset(ZoneOffset.UTC));
    }
    checkSkew(when);
    String payload = r.header("x-amz-content-sha256");
    if (payload == null) {
      throw new S3Exception(
          400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
    }
    Scope scope = scope(credential, amzDate);
    String rest =
        "\n"
            + SigV4.canonicalQuery(r.rawQuery, false)
            + "\n"
            + canonicalHeaders(r, signed)
            + "\n"
            + signed
            + "\n"
            + payload;
    String expected = check(scope, amzDate, r, rest, signature);
    return new Auth(scope.key, payload, scope.signingKey, amzDate, scope.text, expected);
  }

  private Auth verifyPresigned(S3Request r) {
    if (!SigV4.ALGORITHM.equals(r.param("X-Amz-Algorithm"))) {
      throw new S3Exception(
          400,
          "AuthorizationQueryParametersError",
          "X-Amz-Algorithm must be " + SigV4.ALGORITHM + ", got " + r.param("X-Amz-Algorithm"));
    }
    String amzDate = r.param("X-Amz-Date");
    String expires = r.param("X-Amz-Expires");
    String signed = r.param("X-Amz-SignedHeaders");
    String signature = r.param("X-Amz-Signature");
    String credential = r.param("X-Amz-Credential");
    if (amzDate == null || expires == null || signed == null || signature == null) {
      throw new S3Exception(
          400,
          "AuthorizationQueryParametersError",
          "a presigned URL needs X-Amz-Credential, X-Amz-Date, X-Amz-Expires,"
              + " X-Amz-SignedHeaders and X-Amz-Signature");
    }
    long seconds;
    try {
      seconds = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
      throw new S3Exception(
          400,
          "AuthorizationQueryParametersError",
          "X-Amz-Expires must be 1 to 604800 seconds (7 days), got " + expires);
    }
    Instant signedAt = parseAmzDate(amzDate);
    Instant now = clock.instant();
    if (signedAt.isAfter(now.plus(MAX_SKEW))) {
      throw new S3Exception(
          403, "AccessDenied", "Request is not valid yet: signed at " + amzDate + ", now " + now);
    }
    Instant end = signedAt.plusSeconds(seconds);
    if (now.isAfter(end)) {
      throw S3Exception.accessDenied("Request has expired: it expired at " + end + ", now " + now);
    }
    Scope scope = scope(credential, amzDate);
    String rest =
        "\n"
            + SigV4.canonicalQuery(r.rawQuery, true)
            + "\n"
            + canonicalHeaders(r, signed)
            + "\n"
            + signed
            + "\n"
            + "UNSIGNED-PAYLOAD";
    String expected = check(scope, amzDate, r, rest, signature);
    return new Auth(scope.key, "UNSIGNED-PAYLOAD", scope.signingKey, amzDate, scope.text, expected);
  }

  private record Scope(S3Credential key, String text, byte[] signingKey) {}

  private Scope scope(String credential, String amzDate) {
    String[] parts = credential == null ? new String[0] : credential.split("/", -1);
    if (parts.length != 5 || !parts[4].equals("aws4_request")) {
      throw new S3Exception(
          400,
          "AuthorizationHeaderMalformed",
          "the credential '" + credential + "' is not ACCESS_KEY/DATE/REGION/SERVICE/aws4_request");
    }
    S3Credential key = keys.get(parts[0]);
    if (key == null) {
      throw new S3Exception(
          403,
          "InvalidAccessKeyId",
          "The AWS Access Key Id you provided does not exist in our records: " + parts[0]);
    }
    if (!amzDate.startsWith(parts[1])) {
      throw new S3Exception(
          400,
          "AuthorizationHeaderMalformed",
          "the credential date " + parts[1] + " is not the date of the request " + amzDate);
    }
    if (!parts[3].equals("s3")) {
      throw new S3Exception(
          400,
          "AuthorizationHeaderMalformed",
          "the credential is for service '" + parts[3] + "', expected 's3'");
    }
    String text = parts[1] + "/" + parts[2] + "/" + parts[3] + "/aws4_request";
    return new Scope(key, text, signingKey(key, parts[1], parts[2]));
  }

  /**
   * The signing key of a key, day and region, derived once (four HMACs) and kept: a client signs
   * with the same one all day. The cache is emptied when it holds {@value #MAX_SIGNING_KEYS}
   * entries, since any region name is accepted before the signature is checked.
   */
  private byte[] signingKey(S3Credential key, String day, String region) {
    String id = key.accessKey() + "/" + day + "/" + region;
    byte[] k = signingKeys.get(id);
    if (k == null) {
      if (signingKeys.size() >= MAX_SIGNING_KEYS) {
        signingKeys.clear();
      }
      k = SigV4.signingKey(key.secretKey(), day, region, "s3");
      signingKeys.put(id, k);
    }
    return k;
  }

  /**
   * Checks the signature over the canonical request. The path is tried as S3 signs it (encoded
   * once), then, when the client escaped characters, encoded once more over its escaped form: the
   * AWS SDK for Java v2 signs a key's escaped leading {@code /} (%2F) that way.
   */
  private static String check(
      Scope scope, String amzDate, S3Request r, String rest, String signature) {
    String expected =
        expected(scope, amzDate, r.method + "\n" + SigV4.canonicalPath(r.rawPath) + rest);
    if (SigV4.same(expected, signature)) {
      return expected;
    }
    if (r.rawPath.indexOf('%') >= 0) {
      String decoded =
          expected(
              scope,
              amzDate,
              r.method + "\n" + SigV4.encode(S3Request.decode(r.rawPath), true) + rest);
      if (SigV4.same(decoded, signature)) {
        return decoded;
      }
    }
    throw new S3Exception(
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check"
            + " your key and signing method (access key "
            + scope.key.accessKey()
            + ")");
  }

  private static String expected(Scope scope, String amzDate, String canonical) {
    String toSign =
        SigV4.ALGORITHM + "\n" + amzDate + "\n" + scope.text + "\n" + SigV4.sha256Hex(canonical);
    return SigV4.sign(scope.signingKey, toSign);
  }

  private static String canonicalHeaders(S3Request r, String signed) {
    StringBuilder out = new StringBuilder();
    for (String name : signed.split(";")) {
      List<String> values = r.headers(name);
      StringBuilder joined = new StringBuilder();
      for (String v : values) {
        if (joined.length() > 0) {
          joined.append(',');
        }
        joined.append(SigV4.canonicalValue(v));
      }
      out.append(name.toLowerCase(Locale.ROOT)).append(':').append(joined).append('\n');
    }
    return out.toString();
  }

  private void checkSkew(Instant when) {
    Instant now = clock.instant();
    if (Duration.between(when, now).abs().compareTo(MAX_SKEW) > 0) {
      throw new S3Exception(
          403,
          "RequestTimeTooSkewed",
          "The difference between the request time ("
              + when
              + ") and the server's time ("
              + now
              + ") is larger than 15 minutes");
    }
  }

  private static Instant parseAmzDate(String text) {
    try {
      return LocalDateTime.parse(text, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw S3Exception.accessDenied(
          "AWS authentication requires a valid date: '" + text + "' is not yyyyMMddTHHmmssZ");
    }
  }

  private static Instant parseHttpDate(String text) {
    if (text == null) {
      throw S3Exception.accessDenied(
          "AWS authentication requires a valid Date or x-amz-date header");
    }
    try {
      return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw S3Exception.accessDenied("AWS authentication requires a valid Date: '" + text + "'");
    }
  }
}
