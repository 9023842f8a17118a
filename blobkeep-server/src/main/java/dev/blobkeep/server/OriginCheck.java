package dev.blobkeep.server;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses state-changing requests (every method but GET, HEAD and OPTIONS) sent by another web
 * site: a browser adds {@code Origin} to them, and {@code Sec-Fetch-Site: cross-site} when the page
 * is on another site, and any page the user visits can send a form upload or a {@code text/plain}
 * POST without a CORS preflight. A request passes if it carries neither header (not from a
 * browser), if its {@code Origin} is the request's own ({@code http://} or {@code https://} and the
 * {@code Host} it was sent to), or if the origin was allowed ({@code --allow-origin}). Immutable
 * and thread-safe.
 */
final class OriginCheck {
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final Set<String> allowed;

  /**
   * @param allowedOrigins origins such as {@code https://app.example.com}
   */
  OriginCheck(List<String> allowedOrigins) {
    Set<String> out = new LinkedHashSet<>();
    for (String o : allowedOrigins) {
      out.add(parseAllowed(o));
    }
    this.allowed = Set.copyOf(out);
  }

  /**
   * The normalized form of an {@code --allow-origin} value.
   *
   * @throws IllegalArgumentException naming the value unless it is {@code http(s)://HOST[:PORT]}
   */
  static String parseAllowed(String text) {
    String n = text == null ? null : normalize(text.strip());
    if (n == null) {
      throw new IllegalArgumentException(
          "--allow-origin '"
              + text
              + "' is not an origin such as https://app.example.com or http://localhost:3000");
    }
    return n;
  }

  /**
   * Checks one request.
   *
   * @param host the request's {@code Host} header, already checked by {@link HostCheck}
   * @throws HttpError 403 naming the origin if a browser sent it from another origin or site
   */
  void check(String method, String host, String origin, String fetchSite) {
    if (SAFE_METHODS.contains(method)) {
      return;
    }
    if (origin != null) {
      String o = normalize(origin.strip());
      if (o != null && (allowed.contains(o) || sameOrigin(o, host))) {
        return;
      }
      throw refused(method, "Origin '" + HostCheck.shown(origin) + "'");
    }
    if (fetchSite != null && fetchSite.strip().equalsIgnoreCase("cross-site")) {
      throw refused(method, "a page of another site (Sec-Fetch-Site: cross-site)");
    }
  }

  private static HttpError refused(String method, String what) {
    return new HttpError(
        403,
        method
            + " from "
            + what
            + " is refused: only this server's own page may change the store"
            + " (allow an origin with --allow-origin ORIGIN)");
  }

  /** True if {@code origin} (normalized) names the host the request was sent to. */
  private static boolean sameOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    int sep = origin.indexOf("://");
    String scheme = origin.substring(0, sep);
    HostCheck.Authority h = HostCheck.parse(host.strip());
    if (h == null) {
      return false;
    }
    int port = h.port() < 0 ? defaultPort(scheme) : h.port();
    return origin.equals(scheme + "://" + authority(h.host(), port, scheme));
  }

  /** {@code scheme://host[:port]}, lower-cased, default port left out; null if not an origin. */
  static String normalize(String origin) {
    String o = origin.toLowerCase(Locale.ROOT);
    String scheme;
    if (o.startsWith("http://")) {
      scheme = "http";
    } else if (o.startsWith("https://")) {
      scheme = "https";
    } else {
      return null;
    }
    String rest = o.substring(scheme.length() + 3);
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (rest.isEmpty() || rest.contains("/") || rest.contains("?") || rest.contains("#")) {
      return null;
    }
    HostCheck.Authority a = HostCheck.parse(rest);
    if (a == null || a.host().isEmpty()) {
      return null;
    }
    int port = a.port() < 0 ? defaultPort(scheme) : a.port();
    return scheme + "://" + authority(a.host(), port, scheme);
  }

  private static String authority(String host, int port, String scheme) {
    return port == defaultPort(scheme) ? host : host + ":" + port;
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }
}
