package dev.blobkeep.fetch;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.Blobs;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Flow;

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
 * {@code http} or {@code https}, and every address the host resolves to must be allowed (see {@link
 * FetchOptions#allowPrivate()}). Redirects are followed here, never by the HTTP client, so that
 * each one is checked. No proxy is used.
 *
 * <p><b>Limitation (DNS rebinding):</b> the JDK 17 HTTP client resolves the host itself and offers
 * no way to hand it the checked address. The check resolves the name through the JVM's address
 * cache just before the request, and the client's own lookup reads the same cache entry (kept 30 s
 * by default, {@code networkaddress.cache.ttl}), so in practice the connection goes to a checked
 * address. It is not guaranteed: if the entry expires in between, or caching is disabled ({@code
 * networkaddress.cache.ttl=0}), a name whose answer changes can reach an address that was never
 * checked. Where that matters, also block private ranges in the network (egress firewall).
 */
public final class Fetcher {
  private static final String USER_AGENT = "blobkeep";

  private final FetchOptions options;
  private final HttpClient client;
  private final Set<InetAddress> exempt;

  /** A fetcher with {@link FetchOptions#defaults()}. */
  public Fetcher() {
    this(FetchOptions.defaults());
  }

  /** A fetcher within these limits. */
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
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(options.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public FetchOptions options() {
    return options;
  }

  /**
   * Fetches {@code uri} and stores the body with {@code blobs.put}. The content type is the one the
   * caller set in {@code options}, else the response's, else sniffed (see {@link
   * FetchedBody#contentType()}). User fields {@code source_url}, {@code final_url} (after
   * redirects) and {@code http_status} are added to the caller's, replacing any of the same name.
   *
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
            throw new FetchException(f.getMessage(), e);
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
      checkAddresses(current, redirects == 0 ? null : source);
      HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = send(current, deadlineAt);
      int status = response.statusCode();
      if (isRedirect(status)) {
        URI next = redirectTarget(response, current);
        if (redirects == options.maxRedirects()) {
          throw new FetchException(
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
      if (status < 200 || status > 299) {
        discard(response);
        throw new FetchException("GET " + current + " answered " + StatusText.of(status));
      }
      return body(source, current, response, deadlineAt);
    }
  }

  private FetchedBody body(
      URI source,
      URI current,
      HttpResponse<Flow.Publisher<List<ByteBuffer>>> response,
      long deadlineAt) {
    long declared = declaredLength(response);
    if (declared > options.maxSize()) {
      discard(response);
      throw new FetchException(
          "GET "
              + current
              + " declares "
              + declared
              + " bytes (Content-Length), more than the "
              + options.maxSize()
              + "-byte limit (maxSize)");
    }
    BodyStream body = new BodyStream(current.toString(), options, deadlineAt);
    response.body().subscribe(body);
    String type = validType(response.headers().firstValue("content-type"));
    if (type != null) {
      return new FetchedBody(source, current, response.statusCode(), type, false, declared, body);
    }
    byte[] head;
    try {
      head = body.readNBytes(ContentSniffer.HEAD_SIZE);
    } catch (IOException e) {
      body.close();
      throw asFetchException(e, "GET " + current + " failed: " + reason(e));
    }
    InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), body);
    String sniffed = ContentSniffer.sniff(head, head.length);
    return new FetchedBody(source, current, response.statusCode(), sniffed, true, declared, whole);
  }

  private HttpResponse<Flow.Publisher<List<ByteBuffer>>> send(URI uri, long deadlineAt) {
    long left = deadlineAt - System.nanoTime();
    if (left <= 0) {
      throw deadlinePassed(uri);
    }
    Duration headers = options.connectTimeout().plus(options.readTimeout());
    boolean deadlineFirst = left < headers.toNanos();
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(uri)
              .GET()
              .timeout(deadlineFirst ? Duration.ofNanos(left) : headers)
              .header("User-Agent", USER_AGENT)
              .header("Accept-Encoding", "identity")
              .build();
    } catch (IllegalArgumentException e) {
      throw new FetchException(
          "GET " + uri + " is not a URL the HTTP client accepts: " + reason(e));
    }
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofPublisher());
    } catch (HttpConnectTimeoutException e) {
      throw new FetchException(
          "GET "
              + uri
              + " could not connect within "
              + FetchOptions.describe(options.connectTimeout())
              + " (connectTimeout)",
          e);
    } catch (HttpTimeoutException e) {
      if (deadlineFirst) {
        throw deadlinePassed(uri);
      }
      throw new FetchException(
          "GET "
              + uri
              + " sent no response within "
              + FetchOptions.describe(options.readTimeout())
              + " (readTimeout)",
          e);
    } catch (ConnectException e) {
      throw new FetchException("GET " + uri + " could not connect: " + reason(e), e);
    } catch (IOException e) {
      throw new FetchException("GET " + uri + " failed: " + reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("GET " + uri + " was interrupted", e);
    }
  }

  /** Checks the scheme and host of the first URL ({@code from} null) or of a redirect. */
  private static void checkUrl(URI uri, URI from) {
    String subject =
        from == null ? uri.toString() : "GET " + from + " redirects to " + uri + ", which";
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new FetchException(subject + " is not an http or https URL");
    }
    if (uri.getRawUserInfo() != null) {
      throw new FetchException(
          (from == null ? "the URL" : "GET " + from + " redirects to a URL that")
              + " has user info (credentials) before host "
              + uri.getHost()
              + "; fetch does not send credentials");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new FetchException(subject + " has no host");
    }
  }

  /** Resolves the host and refuses it if any of its addresses is not allowed. */
  private void checkAddresses(URI uri, URI source) {
    String host = uri.getHost();
    String what = source == null ? uri.toString() : "redirect to " + uri + " (from " + source + ")";
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new FetchException(what + ": cannot resolve host " + host, e);
    }
    for (InetAddress address : addresses) {
      String kind = Addresses.kind(address);
      if (kind == null || exempt.contains(address)) {
        continue;
      }
      String refusal = what + " resolves to " + kind + " address " + address.getHostAddress();
      if (Addresses.alwaysRefused(kind)) {
        throw new FetchException(refusal + ", which cannot serve HTTP");
      }
      if (!options.allowPrivate()) {
        throw new FetchException(
            refusal + "; allow private addresses (allowPrivate, --allow-private) to fetch from it");
      }
    }
  }

  /** The Content-Length, or -1 if absent or not a number. */
  private static long declaredLength(HttpResponse<?> response) {
    try {
      return response.headers().firstValueAsLong("content-length").orElse(-1);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static URI redirectTarget(
      HttpResponse<Flow.Publisher<List<ByteBuffer>>> response, URI current) {
    discard(response);
    Optional<String> location = response.headers().firstValue("location");
    String answered = "GET " + current + " answered " + StatusText.of(response.statusCode());
    if (location.isEmpty() || location.get().isBlank()) {
      throw new FetchException(answered + " without a Location header");
    }
    try {
      return withoutFragment(current.resolve(location.get().strip()));
    } catch (IllegalArgumentException e) {
      throw new FetchException(answered + " with an invalid Location " + location.get());
    }
  }

  private static URI withoutFragment(URI uri) {
    String s = uri.toString();
    int hash = s.indexOf('#');
    return hash < 0 ? uri : URI.create(s.substring(0, hash));
  }

  /** The header's content type, normalized, or null if it is absent or malformed. */
  private static String validType(Optional<String> header) {
    if (header.isEmpty() || header.get().isBlank()) {
      return null;
    }
    try {
      return PutOptions.defaults().contentType(header.get()).contentType();
    } catch (InvalidArgumentException e) {
      return null;
    }
  }

  /** Tells the client the body is not wanted, releasing the connection. */
  private static void discard(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
    response
        .body()
        .subscribe(
            new Flow.Subscriber<List<ByteBuffer>>() {
              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                subscription.cancel();
              }

              @Override
              public void onNext(List<ByteBuffer> item) {}

              @Override
              public void onError(Throwable throwable) {}

              @Override
              public void onComplete() {}
            });
  }

  private FetchException deadlinePassed(URI uri) {
    return new FetchException(
        "GET "
            + uri
            + " did not finish within the "
            + FetchOptions.describe(options.deadline())
            + " deadline");
  }

  private static FetchException asFetchException(IOException e, String otherwise) {
    return e.getCause() instanceof FetchException f ? f : new FetchException(otherwise, e);
  }

  static String reason(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
