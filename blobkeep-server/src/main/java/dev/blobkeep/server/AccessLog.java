package dev.blobkeep.server;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request through the application's logging (SLF4J logger {@value #LOGGER}, level
 * INFO): {@code METHOD PATH STATUS BYTES MILLISms}, for example {@code GET /b/docs/a.txt 200 5120
 * 3ms}; the S3 port's lines begin with {@code S3}. BYTES counts the response body sent. The path is
 * the raw path without the query string (which may carry cursors and field values), with control
 * characters shown as {@code ?}; no header and no token is ever logged. Thread-safe.
 */
final class AccessLog {
  /** The name of the logger the lines go to. */
  static final String LOGGER = "dev.blobkeep.server.access";

  private static final int MAX_PATH = 500;

  private final Logger log;
  private final String tag;

  AccessLog(Logger log) {
    this(log, "");
  }

  private AccessLog(Logger log, String tag) {
    this.log = log;
    this.tag = tag;
  }

  /** The same log with {@code tag} and a space before each line: {@code S3 GET /photos/a 200}. */
  AccessLog tagged(String tag) {
    return new AccessLog(log, tag + " ");
  }

  /** The log of a server: through {@value #LOGGER}, or nowhere if {@code on} is false. */
  static AccessLog of(boolean on, Logger override) {
    if (!on) {
      return new AccessLog(null);
    }
    return new AccessLog(override != null ? override : LoggerFactory.getLogger(LOGGER));
  }

  /** Writes the line of one finished request. */
  void request(String method, String rawPath, int status, long bytes, long nanos) {
    if (log == null || !log.isInfoEnabled()) {
      return;
    }
    log.info(
        String.format(
            Locale.ROOT,
            "%s%s %s %d %d %dms",
            tag,
            clean(method),
            clean(rawPath),
            status,
            bytes,
            nanos / 1_000_000));
  }

  private static String clean(String text) {
    if (text == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_PATH));
    for (int i = 0; i < text.length() && i < MAX_PATH; i++) {
      char c = text.charAt(i);
      out.append(c <= ' ' || c == 0x7f ? '?' : c);
    }
    if (text.length() > MAX_PATH) {
      out.append("...");
    }
    return out.toString();
  }
}
