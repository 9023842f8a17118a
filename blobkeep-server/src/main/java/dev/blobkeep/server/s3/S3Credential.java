package dev.blobkeep.server.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One S3 access key: its id, its secret, whether it may write, and the buckets it reaches ({@code
 * *} for all). Written {@code ACCESS_KEY:SECRET_KEY:PERMS:BUCKETS}, PERMS {@code ro} or {@code rw},
 * BUCKETS {@code *} or a comma list. Immutable; {@link #toString()} never shows the secret.
 *
 * @param accessKey the access key id clients send in the credential scope
 * @param secretKey the secret the signatures are computed with
 * @param write true for {@code rw}
 * @param buckets the buckets reached, or empty for every bucket
 */
public record S3Credential(String accessKey, String secretKey, boolean write, Set<String> buckets) {
  /** The environment variable read by {@link #fromEnvironment(Map)}. */
  public static final String ENV = "BLOBKEEP_S3_CREDENTIALS";

  /**
   * Copies the bucket set.
   *
   * @param accessKey the access key id clients send in the credential scope
   * @param secretKey the secret the signatures are computed with
   * @param write true for {@code rw}
   * @param buckets the buckets reached, or empty for every bucket
   */
  public S3Credential {
    buckets = Set.copyOf(buckets);
  }

  /**
   * Parses {@code ACCESS_KEY:SECRET_KEY:PERMS:BUCKETS}.
   *
   * @param text the credential as written
   * @return the credential
   * @throws IllegalArgumentException naming what is wrong (never the secret)
   */
  public static S3Credential parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException(
          "S3 credential is null (expected ACCESS_KEY:SECRET_KEY:PERMS:BUCKETS)");
    }
    String[] parts = text.strip().split(":", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "S3 credential has "
              + parts.length
              + " ':'-separated parts, expected 4: ACCESS_KEY:SECRET_KEY:PERMS:BUCKETS");
    }
    if (parts[0].isEmpty() || !parts[0].matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "S3 access key '" + parts[0] + "' must be letters, digits, '.', '_' or '-'");
    }
    if (parts[1].length() < 8 || !parts[1].chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "S3 secret key of access key '"
              + parts[0]
              + "' must be at least 8 printable ASCII characters without spaces");
    }
    String perms = parts[2].toLowerCase(Locale.ROOT);
    if (!perms.equals("ro") && !perms.equals("rw")) {
      throw new IllegalArgumentException(
          "S3 credential '" + parts[0] + "' has PERMS '" + parts[2] + "', expected ro or rw");
    }
    Set<String> buckets = Set.of();
    if (!parts[3].equals("*")) {
      List<String> names = new ArrayList<>();
      for (String b : parts[3].split(",", -1)) {
        if (b.isBlank()) {
          throw new IllegalArgumentException(
              "S3 credential '" + parts[0] + "' has an empty bucket name in '" + parts[3] + "'");
        }
        names.add(b.strip());
      }
      buckets = Set.copyOf(names);
    }
    return new S3Credential(parts[0], parts[1], perms.equals("rw"), buckets);
  }

  /**
   * True if this key reaches {@code bucket}.
   *
   * @param bucket a bucket's name
   * @return true if the key reaches it
   */
  public boolean reaches(String bucket) {
    return buckets.isEmpty() || buckets.contains(bucket);
  }

  /**
   * The credentials in {@value #ENV} of {@code env} (whitespace-separated), or none when unset.
   *
   * @param env the environment, e.g. {@link System#getenv()}
   * @return the credentials
   * @throws IllegalArgumentException naming the variable and the problem
   */
  public static List<S3Credential> fromEnvironment(Map<String, String> env) {
    String value = env.get(ENV);
    return value == null ? List.of() : parseAll(value, ENV);
  }

  /**
   * The credentials in a file, whitespace-separated, {@code #} comments.
   *
   * @param file the file
   * @return the credentials
   * @throws UncheckedIOException naming the file if it cannot be read
   * @throws IllegalArgumentException naming the file and line of a malformed entry
   */
  public static List<S3Credential> fromFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read S3 credentials file " + file + ": " + e.getMessage(), e);
    }
    List<S3Credential> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      out.addAll(parseAll(hash < 0 ? line : line.substring(0, hash), file + " line " + (i + 1)));
    }
    return out;
  }

  private static List<S3Credential> parseAll(String text, String source) {
    List<S3Credential> out = new ArrayList<>();
    for (String entry : text.strip().split("\\s+")) {
      if (entry.isEmpty()) {
        continue;
      }
      try {
        out.add(parse(entry));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "S3Credential{" + accessKey + ", " + (write ? "rw" : "ro") + ", " + buckets + "}";
  }
}
