package dev.blobkeep.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A bearer token the server accepts, with what it may do: read ({@code ro}) or read and write
 * ({@code rw}), on every bucket ({@code *}) or on the buckets named. Immutable and thread-safe.
 *
 * <p>The text form is {@code SECRET:PERMS:BUCKETS}, for example {@code
 * 6f1d2a9c4b7e8f30a5d1c2b9e7f4a6d8:rw:*} or {@code 3f9c0b7e2a1d4c58e6b2f0a9:ro:photos,docs}. The
 * secret has at least {@value #MIN_SECRET_LENGTH} printable ASCII characters (generate one with
 * {@code openssl rand -hex 24}). Neither the secret nor any part of its hash is ever printed:
 * {@link #toString()} shows only the permissions.
 */
public final class AccessToken {
  /** The fewest characters a secret may have. */
  public static final int MIN_SECRET_LENGTH = 16;

  private final byte[] secretDigest;
  private final boolean write;
  private final Set<String> buckets;

  private AccessToken(byte[] secretDigest, boolean write, Set<String> buckets) {
    this.secretDigest = secretDigest;
    this.write = write;
    this.buckets = buckets;
  }

  /**
   * Parses {@code SECRET:PERMS:BUCKETS}. PERMS is {@code ro} or {@code rw}; BUCKETS is {@code *} or
   * a comma-separated list of bucket names.
   *
   * @param text the token as written
   * @return the token, keeping only a digest of the secret
   * @throws IllegalArgumentException naming the broken part (never the secret)
   */
  public static AccessToken parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("token is null (expected SECRET:PERMS:BUCKETS)");
    }
    String[] parts = text.strip().split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "token has " + parts.length + " ':'-separated parts, expected 3: SECRET:PERMS:BUCKETS");
    }
    String secret = parts[0];
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          "token secret is "
              + secret.length()
              + " characters, at least "
              + MIN_SECRET_LENGTH
              + " are needed; generate one with 'openssl rand -hex 24'"
              + " or 'head -c 24 /dev/urandom | base64'");
    }
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException(
            "token secret has a space, control or non-ASCII character at index " + i);
      }
    }
    String perms = parts[1].toLowerCase(Locale.ROOT);
    boolean write;
    if (perms.equals("rw")) {
      write = true;
    } else if (perms.equals("ro")) {
      write = false;
    } else {
      throw new IllegalArgumentException(
          "token permissions are '" + parts[1] + "', expected ro or rw");
    }
    Set<String> buckets = new LinkedHashSet<>();
    if (!parts[2].equals("*")) {
      for (String b : parts[2].split(",", -1)) {
        if (!b.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")) {
          throw new IllegalArgumentException(
              "token bucket '" + b + "' is not a bucket name (or '*' for every bucket)");
        }
        buckets.add(b);
      }
    }
    return new AccessToken(digest(secret), write, Collections.unmodifiableSet(buckets));
  }

  /**
   * True if {@code presented} is this token's secret. Compares SHA-256 digests with {@link
   * MessageDigest#isEqual}, so the time taken depends neither on where the texts differ nor on the
   * secret's length.
   *
   * @param presented the secret a request presented, or null
   * @return true if it is this token's secret
   */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(secretDigest, digest(presented));
  }

  /** {@return true if the token may write ({@code rw})} */
  public boolean canWrite() {
    return write;
  }

  /** {@return true if the token was given every bucket ({@code *})} */
  public boolean allBuckets() {
    return buckets.isEmpty();
  }

  /** {@return the buckets named, empty for {@code *}} */
  public Set<String> buckets() {
    return buckets;
  }

  /**
   * True if the token may use {@code bucket}.
   *
   * @param bucket a bucket's name
   * @return true if the token reaches it
   */
  public boolean allows(String bucket) {
    return buckets.isEmpty() || buckets.contains(bucket);
  }

  @Override
  public String toString() {
    return "AccessToken{"
        + (write ? "rw" : "ro")
        + ", buckets="
        + (buckets.isEmpty() ? "*" : String.join(",", buckets))
        + "}";
  }

  private static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
