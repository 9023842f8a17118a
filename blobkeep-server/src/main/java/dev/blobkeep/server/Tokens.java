package dev.blobkeep.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where tokens come from besides {@code --token}: the environment variable {@value #ENV} and token
 * files. Both hold {@code SECRET:PERMS:BUCKETS} entries separated by whitespace or newlines; in a
 * file, text from {@code #} to the end of a line is a comment. Both keep secrets off the command
 * line, where other users of the machine can read them (in {@code ps} or {@code /proc}).
 */
public final class Tokens {
  /** The environment variable read by {@link #fromEnvironment()}. */
  public static final String ENV = "BLOBKEEP_TOKENS";

  private Tokens() {}

  /**
   * {@return the tokens in {@value #ENV}, or none if it is unset or blank}
   *
   * @throws IllegalArgumentException naming the variable and what is wrong (never the secret)
   */
  public static List<AccessToken> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The tokens in {@value #ENV} of {@code env}, or none if it is unset or blank.
   *
   * @param env the environment, e.g. {@link System#getenv()}
   * @return the tokens
   * @throws IllegalArgumentException naming the variable and what is wrong (never the secret)
   */
  public static List<AccessToken> fromEnvironment(Map<String, String> env) {
    String value = env.get(ENV);
    return value == null ? List.of() : parseAll(value, ENV);
  }

  /**
   * The tokens in a file.
   *
   * @param file the file, one token a line
   * @return the tokens
   * @throws UncheckedIOException naming the file if it cannot be read
   * @throws IllegalArgumentException naming the file and line of a malformed entry
   */
  public static List<AccessToken> fromFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read token file " + file + ": " + e.getMessage(), e);
    }
    List<AccessToken> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      out.addAll(parseAll(hash < 0 ? line : line.substring(0, hash), file + " line " + (i + 1)));
    }
    return out;
  }

  /** Parses whitespace-separated entries; {@code source} names where they came from in errors. */
  static List<AccessToken> parseAll(String text, String source) {
    List<AccessToken> out = new ArrayList<>();
    for (String entry : text.strip().split("\\s+")) {
      if (entry.isEmpty()) {
        continue;
      }
      try {
        out.add(AccessToken.parse(entry));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
