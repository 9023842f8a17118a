package dev.blobkeep.fetch;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.Blobs;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.fetch.FetchException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Stores an HTTP(S) response body as a blob (RethinkDB's {@code r.http(url,
 * result_format='binary')}), within the limits of its {@link FetchOptions}. Thread-safe; one
 * instance can serve many fetches.
 *
 * <pre>{@code
 * Fetcher fetcher = new Fetcher(FetchOptions.defaults().maxSize(10 << 20));
 * BlobInfo info = fetcher.fetch(store, URI.create("https://example.com/a.png"), PutOptions.at("avatars", "user-42"));
 * }</pre>
 *
 * <p>Each hop, the first and every redirect, is checked before any byte is sent: the scheme must be
 * {@code http} or {@code https}, the URL carries no credentials, and every address the host
 * resolves to (through {@link FetchOptions#resolver()}, asked once per hop) must be allowed (see
 * {@link FetchOptions#allowPrivate()}). The connection then goes to one of exactly those checked
 * addresses: the name is never resolved again, so a DNS answer that changes between check and
 * connect (DNS rebinding) cannot reach an address that was not checked. Redirects are followed
 * here, each resolved, checked and pinned again. No proxy is used.
 *
 * <p><b>Why a small HTTP/1.1 client of its own:</b> the JDK's {@code java.net.http.HttpClient}
 * resolves host names itself and accepts no resolver or address, so it cannot be pinned. Apache
 * HttpClient 5 accepts a {@code DnsResolver}, but brings three jars and slf4j-api into every
 * application that uses blobkeep's core, for one GET. A fetch needs only a small part of HTTP: one
 * GET per connection ({@code Connection: close}, no pooling, no keep-alive, identity encoding), a
 * response framed by Content-Length, the chunked coding or the connection closing, and redirects
 * handled here anyway. TLS is the JDK's ({@code SSLSocket} over the pinned socket, with SNI and
 * {@code HTTPS} endpoint identification for the URL's host name), so certificate checking is not
 * reimplemented. See {@code PinnedConnection}.
 *
 * <p>Every failure is a {@link FetchException} whose {@link FetchException#kind()} says what went
 * wrong.
 */
public final class Fetcher {
  private final FetchOptions options;
  private final Set<InetAddress> exempt;

  /** A fetcher with {@link FetchOptions#defaults()}. */
  public Fetcher() {
    this(FetchOptions.defaults());
  }

  /**
   * A fetcher within these limits.
   *
   * @param options size, time and redirect limits, and whether private addresses may be fetched
   */
  public Fetcher(FetchOptions options) {
    this(options, Set.of());
  }

  /**
   * A fetcher that skips the address check for {@code exempt} addresses, so tests can reach their
   * own loopback server while checking that everything else is refused.
   */
  Fetcher(FetchOptions options, Set<InetAddress> exempt) {
    this.options = Objects.requireNonNull(options, "options");
    this.exempt = Set.copyOf(exempt);
  }

  /** {@return the limits this fetcher applies} */
  public FetchOptions options() {
    return options;
  }

  /**
   * Fetches {@code uri} and stores the body with {@code blobs.put}. The content type is the one the
   * caller set in {@code options}, else the response's, else sniffed (see {@link
   * FetchedBody#contentType()}). User fields {@code source_url}, {@code final_url} (after
   * redirects) and {@code http_status} are added to the caller's, replacing any of the same name.
   *
   * @param blobs where the body is stored: a store, or a transaction's {@link Blobs}
   * @param uri an http or https URL
   * @param options bucket, key, content type and user fields of the new blob
   * @return the stored blob's info
   * @throws FetchException if the URL is refused or the fetch fails; nothing is stored
   */
  public BlobInfo fetch(Blobs blobs, URI uri, PutOptions options) {
    Objects.requireNonNull(blobs, "blobs");
    Objects.requireNonNull(options, "options");
    // contentType() reports the default when none was set: compare with a copy that has none.
    boolean callerSetType = !options.equals(options.contentType(null));
    try (FetchedBody body = open(uri)) {
      PutOptions put =
          (callerSetType ? options : options.contentType(body.contentType()))
              .meta("source_url", body.sourceUri().toString())
              .meta("final_url", body.finalUri().toString())
              .meta("http_status", body.status());
      try {
        return blobs.put(body.stream(), put);
      } catch (RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
          if (t instanceof FetchException f) {
            throw new FetchException(f.kind(), f.getMessage(), e);
          }
        }
        throw e;
      }
    }
  }

  /**
   * Follows {@code uri} and its redirects to a 2xx answer and returns it with its body unread
   * (except for up to 512 bytes read to sniff the type when the response has none). The caller
   * reads and closes it.
   *
   * @param uri an http or https URL
   * @return the answer, which the caller closes
   * @throws FetchException if the URL or a redirect is refused, the answer is not 2xx, it declares
   *     a body over {@code maxSize}, or the request fails or times out
   */
  public FetchedBody open(URI uri) {
    Objects.requireNonNull(uri, "uri");
    long deadlineAt = System.nanoTime() + options.deadline().toNanos();
    URI source = withoutFragment(uri);
    checkUrl(source, null);
    URI current = source;
    for (int redirects = 0; ; redirects++) {
      if (System.nanoTime() - deadlineAt >= 0) {
        throw PinnedConnection.deadlinePassed(current, options);
      }
      List<InetAddress> addresses = checkedAddresses(current, redirects == 0 ? null : source);
      PinnedConnection connection = PinnedConnection.open(current, addresses, options, deadlineAt);
      int status = connection.status();
      if (!isSuccess(status)) {
        connection.close();
      }
      if (isRedirect(status)) {
        URI next = redirectTarget(connection.head().first("location"), current, status);
        if (redirects == options.maxRedirects()) {
          throw new FetchException(
              Kind.TOO_MANY_REDIRECTS,
              "GET "
                  + source
                  + " redirected more than "
                  + options.maxRedirects()
                  + " times (maxRedirects); the next hop was "
                  + next);
        }
        checkUrl(next, current);
        current = next;
        continue;
      }
      if (!isSuccess(status)) {
        throw new FetchException(
            Kind.HTTP_STATUS, "GET " + current + " answered " + StatusText.of(status));
      }
      return body(source, current, connection, deadlineAt);
    }
  }

  private FetchedBody body(URI source, URI current, PinnedConnection connection, long deadlineAt) {
    long declared;
    InputStream framed;
    try {
      declared = connection.declaredLength();
      framed = connection.body();
    } catch (FetchException e) {
      connection.close();
      throw e;
    }
    if (declared > options.maxSize()) {
      connection.close();
      throw new FetchException(
          Kind.TOO_LARGE,
          "GET "
              + current
              + " declares "
              + declared
              + " bytes (Content-Length), more than the "
              + options.maxSize()
              + "-byte limit (maxSize)");
    }
    BodyStream body = new BodyStream(current.toString(), options, deadlineAt, framed, connection);
    int status = connection.status();
    String type = validType(connection.head().first("content-type"));
    if (type != null) {
      return new FetchedBody(source, current, status, type, false, declared, body);
    }
    byte[] head;
    try {
      head = body.readNBytes(ContentSniffer.HEAD_SIZE);
    } catch (IOException e) {
      connection.close();
      if (e.getCause() instanceof FetchException f) {
        throw f;
      }
      throw new FetchException(
          Kind.CONNECTION_LOST, "GET " + current + " failed: " + PinnedConnection.reason(e), e);
    }
    InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), body);
    String sniffed = ContentSniffer.sniff(head, head.length);
    return new FetchedBody(source, current, status, sniffed, true, declared, whole);
  }

  /**
   * Checks, without any network access, that {@code uri} is a URL a fetch would try: http or https,
   * with a host and without credentials. Lets a front end refuse a bad URL before it does any work.
   *
   * @param uri the URL to check, not null
   * @throws FetchException of kind {@link Kind#BAD_URL} naming the problem
   */
  public static void checkUrl(URI uri) {
    checkUrl(withoutFragment(Objects.requireNonNull(uri, "uri")), null);
  }

  /** Checks the scheme, credentials and host of the first URL ({@code from} null) or a redirect. */
  private static void checkUrl(URI uri, URI from) {
    Kind kind = from == null ? Kind.BAD_URL : Kind.BAD_REDIRECT;
    String subject =
        from == null ? uri.toString() : "GET " + from + " redirects to " + uri + ", which";
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new FetchException(kind, subject + " is not an http or https URL");
    }
    if (uri.getRawUserInfo() != null) {
      throw new FetchException(
          kind,
          (from == null ? "the URL" : "GET " + from + " redirects to a URL that")
              + " has user info (credentials) before host "
              + uri.getHost()
              + "; fetch does not send credentials");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new FetchException(kind, subject + " has no host");
    }
  }

  /**
   * The addresses of the URL's host, each one checked; refuses the host if any is not allowed. IP
   * literals are taken as they are; names are resolved once, through the options' resolver.
   */
  private List<InetAddress> checkedAddresses(URI uri, URI source) {
    String host = PinnedConnection.Target.of(uri).host();
    String what = source == null ? uri.toString() : "redirect to " + uri + " (from " + source + ")";
    List<InetAddress> addresses;
    try {
      addresses =
          isIpLiteral(host)
              ? List.of(InetAddress.getByName(host))
              : List.copyOf(options.resolver().resolve(host));
    } catch (UnknownHostException e) {
      throw new FetchException(Kind.DNS_FAILURE, what + ": cannot resolve host " + host, e);
    }
    if (addresses.isEmpty()) {
      throw new FetchException(Kind.DNS_FAILURE, what + ": host " + host + " has no address");
    }
    for (InetAddress address : addresses) {
      AddressKind kind = Addresses.kind(address);
      if (kind == null || exempt.contains(address)) {
        continue;
      }
      String refusal =
          what + " resolves to " + kind.label() + " address " + address.getHostAddress();
      if (!kind.allowable()) {
        throw new FetchException(
            Kind.REFUSED_ADDRESS,
            refusal + ", which fetch never connects to, even with allowPrivate");
      }
      if (!options.allowPrivate()) {
        throw new FetchException(
            Kind.REFUSED_ADDRESS,
            refusal + "; allow private addresses (allowPrivate, --allow-private) to fetch from it");
      }
    }
    return addresses;
  }

  /** A literal {@link InetAddress#getByName} parses without a lookup. */
  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0
        || host.matches(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  }

  private static boolean isSuccess(int status) {
    return status >= 200 && status <= 299;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static URI redirectTarget(String location, URI current, int status) {
    String answered = "GET " + current + " answered " + StatusText.of(status);
    if (location == null || location.isBlank()) {
      throw new FetchException(Kind.BAD_REDIRECT, answered + " without a Location header");
    }
    try {
      return withoutFragment(current.resolve(location.strip()));
    } catch (IllegalArgumentException e) {
      throw new FetchException(
          Kind.BAD_REDIRECT,
          answered + " with an invalid Location " + ResponseHead.printable(location));
    }
  }

  private static URI withoutFragment(URI uri) {
    String s = uri.toString();
    int hash = s.indexOf('#');
    return hash < 0 ? uri : URI.create(s.substring(0, hash));
  }

  /** The header's content type, normalized, or null if it is absent or malformed. */
  private static String validType(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return PutOptions.defaults().contentType(header).contentType();
    } catch (InvalidArgumentException e) {
      return null;
    }
  }
}
