package dev.blobkeep.fetch;

import dev.blobkeep.InvalidArgumentException;
import java.time.Duration;

/**
 * Limits of a {@link Fetcher}. Immutable; every setter-style method returns a copy and checks its
 * value, naming the property when it refuses one.
 *
 * <ul>
 *   <li>{@code maxSize}: largest body stored, in bytes (default 1 GiB). A body that declares or
 *       turns out to be larger is refused and nothing is stored.
 *   <li>{@code connectTimeout}: to open each connection (default 10 s).
 *   <li>{@code readTimeout}: longest wait for each next piece of the body, and for the response
 *       headers once connected (the client counts that wait from the start of the request, so it is
 *       given {@code connectTimeout + readTimeout} for both) (default 30 s).
 *   <li>{@code deadline}: the whole fetch, redirects and body included (default 10 min).
 *   <li>{@code maxRedirects}: redirects followed, 0 to 20 (default 5).
 *   <li>{@code allowPrivate}: false (default) refuses hosts that resolve to loopback, private
 *       (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, fec0::/10) or link-local (169.254/16,
 *       fe80::/10) addresses; true allows them. Unspecified (0.0.0.0/8, ::), multicast and
 *       broadcast addresses are refused either way: no HTTP server lives there.
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
          false);

  /** Most redirects {@link #maxRedirects(int)} accepts. */
  public static final int MAX_REDIRECTS = 20;

  private final long maxSize;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration deadline;
  private final int maxRedirects;
  private final boolean allowPrivate;

  private FetchOptions(
      long maxSize,
      Duration connectTimeout,
      Duration readTimeout,
      Duration deadline,
      int maxRedirects,
      boolean allowPrivate) {
    this.maxSize = maxSize;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.deadline = deadline;
    this.maxRedirects = maxRedirects;
    this.allowPrivate = allowPrivate;
  }

  public static FetchOptions defaults() {
    return DEFAULTS;
  }

  /** Largest body in bytes, at least 0. */
  public FetchOptions maxSize(long bytes) {
    if (bytes < 0) {
      throw new InvalidArgumentException("maxSize must be at least 0 bytes, got " + bytes);
    }
    return new FetchOptions(
        bytes, connectTimeout, readTimeout, deadline, maxRedirects, allowPrivate);
  }

  public FetchOptions connectTimeout(Duration timeout) {
    return new FetchOptions(
        maxSize,
        positive("connectTimeout", timeout),
        readTimeout,
        deadline,
        maxRedirects,
        allowPrivate);
  }

  public FetchOptions readTimeout(Duration timeout) {
    return new FetchOptions(
        maxSize,
        connectTimeout,
        positive("readTimeout", timeout),
        deadline,
        maxRedirects,
        allowPrivate);
  }

  public FetchOptions deadline(Duration deadline) {
    return new FetchOptions(
        maxSize,
        connectTimeout,
        readTimeout,
        positive("deadline", deadline),
        maxRedirects,
        allowPrivate);
  }

  public FetchOptions maxRedirects(int redirects) {
    if (redirects < 0 || redirects > MAX_REDIRECTS) {
      throw new InvalidArgumentException(
          "maxRedirects must be 0 to " + MAX_REDIRECTS + ", got " + redirects);
    }
    return new FetchOptions(
        maxSize, connectTimeout, readTimeout, deadline, redirects, allowPrivate);
  }

  public FetchOptions allowPrivate(boolean allow) {
    return new FetchOptions(maxSize, connectTimeout, readTimeout, deadline, maxRedirects, allow);
  }

  public long maxSize() {
    return maxSize;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  public Duration deadline() {
    return deadline;
  }

  public int maxRedirects() {
    return maxRedirects;
  }

  public boolean allowPrivate() {
    return allowPrivate;
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
