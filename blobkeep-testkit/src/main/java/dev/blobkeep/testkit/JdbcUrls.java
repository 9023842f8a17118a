package dev.blobkeep.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The host and port a test server's JDBC URL names, for tests that put a proxy in front of it. */
public final class JdbcUrls {
  private static final Pattern AUTHORITY = Pattern.compile("^jdbc:[a-z:]+://([^/?]+)");

  private JdbcUrls() {}

  /** The URL's {@code host:port} as written, e.g. {@code 127.0.0.1:5432}. */
  public static String authority(String url) {
    Matcher m = AUTHORITY.matcher(url);
    if (!m.find()) {
      throw new IllegalArgumentException("no host in JDBC URL " + url);
    }
    return m.group(1);
  }

  /** The URL's {@code host:port/database}, as the store's messages name a server. */
  public static String server(String url) {
    String rest = url.substring(url.indexOf(authority(url)));
    int query = rest.indexOf('?');
    return query < 0 ? rest : rest.substring(0, query);
  }

  /** The URL's port, or {@code defaultPort} if it names none. */
  public static int port(String url, int defaultPort) {
    String authority = authority(url);
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? defaultPort : Integer.parseInt(authority.substring(colon + 1));
  }
}
