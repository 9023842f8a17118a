package dev.blobkeep.fetch;

import dev.blobkeep.InvalidArgumentException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Limits of a {@link Fetcher}. Immutable; every setter-style method returns a copy and checks its
 * value, naming the property when it refuses one.
 *
 * <ul>
 *   <li>{@code maxSize}: largest body stored, in bytes (default 1 GiB). A body that declares or
 *       turns out to be larger is refused and nothing is stored.
 *   <li>{@code connectTimeout}: to open each connection (default 10 s).
 *   <li>{@code readTimeout}: longest wait for each next piece of the TLS handshake, the response
 *       headers and the body (default 30 s).
 *   <li>{@code deadline}: the whole fetch, redirects and body included (default 10 min).
 *   <li>{@code maxRedirects}: redirects followed, 0 to 20 (default 5).
 *   <li>{@code allowPrivate}: false (default) refuses hosts that resolve to any address that is not
 *       globally reachable: loopback, private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7,
 *       fec0::/10), link-local (169.254/16, fe80::/10), benchmarking (198.18/15, 2001:2::/48), IETF
 *       protocol assignments (192.0.0/24, 2001::/23 but their global entries), local NAT64
 *       (64:ff9b:1::/48), and IPv6 forms embedding such an IPv4 address (::ffff:0:0/96, ::/96,
 *       64:ff9b::/96, 2002::/16); true allows these. Unspecified (0/8, ::), multicast, broadcast,
 *       reserved (240/4, IPv6 outside 2000::/3), documentation (192.0.2/24, 198.51.100/24,
 *       203.0.113/24, 2001:db8::/32, 3fff::/20), discard-only (100::/64) and Teredo (2001::/32)
 *       addresses are refused either way.
 *   <li>{@code resolver}: turns host names into addresses (default {@link HostResolver#SYSTEM}).
 *       Each hop asks it once; the fetch connects only to the addresses it returned and that passed
 *       the check.
 *   <li>{@code sslContext}: the TLS settings and trusted certificates for https (default {@code
 *       SSLContext.getDefault()}, the JVM's trust store).
 * </ul>
 */
public final class FetchOptions {
  private static final FetchOptions DEFAULTS =
      new FetchOptions(
          1L << 30,
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofMinutes(10),
          5,
          false,
          HostResolver.SYSTEM,
          null);

  /** Most redirects {@link #maxRedirects(int)} accepts. */
  public static final int MAX_REDIRECTS = 20;

  private final long maxSize;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration deadline;
  private final int maxRedirects;
  private final boolean allowPrivate;
  private final HostResolver resolver;
  private final SSLContext sslContext; // null: SSLContext.getDefault() when first needed

  private FetchOptions(
      long maxSize,
      Duration connectTimeout,
      Duration readTimeout,
      Duration deadline,
      int maxRedirects,
      boolean allowPrivate,
      HostResolver resolver,
      SSLContext sslContext) {
    this.maxSize = maxSize;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.deadline = deadline;
    this.maxRedirects = maxRedirects;
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
    this.sslContext = sslContext;
  }

  /**
   * {@return the defaults}: 1 GiB, 10 s to connect, 30 s read timeout, 10 min deadline, 5
   * redirects, no private addresses.
   */
  public static FetchOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Largest body in bytes, at least 0.
   *
   * @param bytes the most bytes a body may have
   * @return a copy of these options with the change
   * @throws dev.blobkeep.InvalidArgumentException if {@code bytes < 0}
   */
  public FetchOptions maxSize(long bytes) {
    if (bytes < 0) {
      throw new InvalidArgumentException("maxSize must be at least 0 bytes, got " + bytes);
    }
    return new FetchOptions(
        bytes,
        connectTimeout,
        readTimeout,
        deadline,
        maxRedirects,
        allowPrivate,
        resolver,
        sslContext);
  }

  /**
   * Longest wait to open each connection; positive.
   *
   * @param timeout a positive duration
   * @return a copy of these options with the change
   * @throws dev.blobkeep.InvalidArgumentException if {@code timeout} is null, zero or negative
   */
  public FetchOptions connectTimeout(Duration timeout) {
    return new FetchOptions(
        maxSize,
        positive("connectTimeout", timeout),
        readTimeout,
        deadline,
        maxRedirects,
        allowPrivate,
        resolver,
        sslContext);
  }

  /**
   * Longest wait for each next piece of the handshake, headers or body; positive.
   *
   * @param timeout a positive duration
   * @return a copy of these options with the change
   * @throws dev.blobkeep.InvalidArgumentException if {@code timeout} is null, zero or negative
   */
  public FetchOptions readTimeout(Duration timeout) {
    return new FetchOptions(
        maxSize,
        connectTimeout,
        positive("readTimeout", timeout),
        deadline,
        maxRedirects,
        allowPrivate,
        resolver,
        sslContext);
  }

  /**
   * Longest time for the whole fetch, redirects and body included; positive.
   *
   * @param deadline a positive duration
   * @return a copy of these options with the change
   * @throws dev.blobkeep.InvalidArgumentException if {@code deadline} is null, zero or negative
   */
  public FetchOptions deadline(Duration deadline) {
    return new FetchOptions(
        maxSize,
        connectTimeout,
        readTimeout,
        positive("deadline", deadline),
        maxRedirects,
        allowPrivate,
        resolver,
        sslContext);
  }

  /**
   * Redirects followed, 0 to {@link #MAX_REDIRECTS}.
   *
   * @param redirects the most redirects followed
   * @return a copy of these options with the change
   * @throws dev.blobkeep.InvalidArgumentException if {@code redirects} is out of range
   */
  public FetchOptions maxRedirects(int redirects) {
    if (redirects < 0 || redirects > MAX_REDIRECTS) {
      throw new InvalidArgumentException(
          "maxRedirects must be 0 to " + MAX_REDIRECTS + ", got " + redirects);
    }
    return new FetchOptions(
        maxSize,
        connectTimeout,
        readTimeout,
        deadline,
        redirects,
        allowPrivate,
        resolver,
        sslContext);
  }

  /**
   * True to allow loopback, private, link-local and the other non-global ranges listed above.
   *
   * @param allow true to allow them
   * @return a copy of these options with the change
   */
  public FetchOptions allowPrivate(boolean allow) {
    return new FetchOptions(
        maxSize, connectTimeout, readTimeout, deadline, maxRedirects, allow, resolver, sslContext);
  }

  /**
   * The resolver for host names (not for IP literals, which are used as they are).
   *
   * @param resolver the resolver, not null
   * @return a copy of these options with the change
   */
  public FetchOptions resolver(HostResolver resolver) {
    return new FetchOptions(
        maxSize,
        connectTimeout,
        readTimeout,
        deadline,
        maxRedirects,
        allowPrivate,
        Objects.requireNonNull(resolver, "resolver"),
        sslContext);
  }

  /**
   * The TLS settings and trusted certificates for https URLs.
   *
   * @param context the TLS context, not null
   * @return a copy of these options with the change
   */
  public FetchOptions sslContext(SSLContext context) {
    return new FetchOptions(
        maxSize,
        connectTimeout,
        readTimeout,
        deadline,
        maxRedirects,
        allowPrivate,
        resolver,
        Objects.requireNonNull(context, "sslContext"));
  }

  /** {@return the largest body in bytes} */
  public long maxSize() {
    return maxSize;
  }

  /** {@return the longest wait to open each connection} */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** {@return the longest wait for each next piece of the handshake, headers or body} */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** {@return the longest time for the whole fetch} */
  public Duration deadline() {
    return deadline;
  }

  /** {@return the most redirects followed} */
  public int maxRedirects() {
    return maxRedirects;
  }

  /** {@return true if non-global ranges that a private network uses are allowed} */
  public boolean allowPrivate() {
    return allowPrivate;
  }

  /** {@return the resolver for host names} */
  public HostResolver resolver() {
    return resolver;
  }

  /** {@return the TLS context for https, or null for the JVM's default} */
  public SSLContext sslContext() {
    return sslContext;
  }

  @Override
  public String toString() {
    return "FetchOptions{maxSize="
        + maxSize
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", deadline="
        + deadline
        + ", maxRedirects="
        + maxRedirects
        + ", allowPrivate="
        + allowPrivate
        + "}";
  }

  /** {@code 30 s} or {@code 250 ms}, for messages. */
  static String describe(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  private static Duration positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new InvalidArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }
}
