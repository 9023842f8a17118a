package dev.blobkeep.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web page: a few static files kept in the jar's resources and held in memory, served with a
 * strict Content-Security-Policy (no outside sources; the page loads nothing from any network).
 */
final class StaticPage {
  private static final String BASE = "/dev/blobkeep/server/web/";
  private static final Map<String, String> TYPES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "app.css", "text/css; charset=utf-8",
          "favicon.svg", "image/svg+xml");
  private static final String CSP =
      "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
          + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private final Map<String, byte[]> files;

  StaticPage() {
    java.util.HashMap<String, byte[]> loaded = new java.util.HashMap<>();
    for (String name : TYPES.keySet()) {
      try (InputStream in = StaticPage.class.getResourceAsStream(BASE + name)) {
        if (in == null) {
          throw new IllegalStateException("resource " + BASE + name + " is missing from the jar");
        }
        loaded.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    files = Map.copyOf(loaded);
  }

  /** True if {@code name} is one of the page's files. */
  boolean has(String name) {
    return files.containsKey(name);
  }

  void serve(Exchange ex, String name) throws IOException {
    byte[] body = files.get(name);
    ex.setStatus(200);
    ex.setHeader("Content-Type", TYPES.get(name));
    ex.setHeader("Content-Length", Integer.toString(body.length));
    ex.setHeader("Cache-Control", "no-cache");
    ex.setHeader("X-Content-Type-Options", "nosniff");
    ex.setHeader("Content-Security-Policy", CSP);
    ex.setHeader("Referrer-Policy", "no-referrer");
    if (!ex.isHead()) {
      ex.out().write(body);
    }
  }
}
