package dev.blobkeep.fetch;

import dev.blobkeep.BlobkeepException;
import java.util.Objects;

/**
 * A URL could not be fetched, or was refused. The one-line message names the request and the
 * problem, e.g. {@code GET http://x/y answered 404 Not Found}; {@link #kind()} says which problem
 * it was, set where the failure happened, so front ends choose a status or exit code from it, never
 * from the message. Nothing was stored.
 */
public class FetchException extends BlobkeepException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The URL the caller gave cannot be fetched: not http(s), no host, credentials in it. */
    BAD_URL,
    /** The host, of the URL or of a redirect, resolves to an address that is not allowed. */
    REFUSED_ADDRESS,
    /** A redirect's Location is missing, malformed, or not an http(s) URL without credentials. */
    BAD_REDIRECT,
    /** The host name could not be resolved. */
    DNS_FAILURE,
    /** Nothing listens at the host and port (the connection was actively refused). */
    CONNECT_REFUSED,
    /** The connection could not be opened for another reason (no route, network unreachable). */
    CONNECT_FAILED,
    /** connectTimeout, readTimeout or the deadline passed. */
    TIMEOUT,
    /** The TLS handshake failed: untrusted certificate, name mismatch, no common protocol. */
    TLS,
    /** The final answer was not 2xx. */
    HTTP_STATUS,
    /** More than maxRedirects redirects. */
    TOO_MANY_REDIRECTS,
    /** The body declares or turns out to be larger than maxSize. */
    TOO_LARGE,
    /** The server's answer is not valid HTTP/1.1 (status line, headers, framing). */
    PROTOCOL,
    /** The connection failed or closed early while sending the request or reading the answer. */
    CONNECTION_LOST
  }

  /** What went wrong; never null. */
  private final Kind kind;

  /**
   * A failure of {@code kind} described by the one-line {@code message}.
   *
   * @param kind what went wrong, not null
   * @param message one line naming the URL and the problem
   */
  public FetchException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * A failure of {@code kind} described by the one-line {@code message}, caused by {@code cause}.
   *
   * @param kind what went wrong, not null
   * @param message one line naming the URL and the problem
   * @param cause the failure underneath
   */
  public FetchException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** {@return what went wrong; never null} */
  public Kind kind() {
    return kind;
  }
}
