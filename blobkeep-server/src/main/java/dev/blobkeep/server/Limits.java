package dev.blobkeep.server;

import java.time.Duration;

/**
 * Bounds on what one request may take. Immutable; every setter-style method returns a copy.
 *
 * <ul>
 *   <li>{@code maxBodyBytes}: largest request body (upload, patch, form), default 8 GiB; larger
 *       ones are refused with 413 and nothing is stored.
 *   <li>{@code maxHeaderBytes}: largest request line plus headers, default 16 KiB (431 past it).
 *   <li>{@code requestTimeout}: longest a request may run, default 30 minutes; past it the
 *       connection is closed and nothing half-written is kept.
 *   <li>{@code idleTimeout}: longest a client may leave a connection silent, default 30 seconds: a
 *       request body that stops arriving for that long is answered 408. Time the server spends
 *       waiting on the store does not count.
 * </ul>
 */
public final class Limits {
  private static final Limits DEFAULTS =
      new Limits(8L << 30, 16 * 1024, Duration.ofMinutes(30), Duration.ofSeconds(30));

  private final long maxBodyBytes;
  private final int maxHeaderBytes;
  private final Duration requestTimeout;
  private final Duration idleTimeout;

  private Limits(
      long maxBodyBytes, int maxHeaderBytes, Duration requestTimeout, Duration idleTimeout) {
    this.maxBodyBytes = maxBodyBytes;
    this.maxHeaderBytes = maxHeaderBytes;
    this.requestTimeout = requestTimeout;
    this.idleTimeout = idleTimeout;
  }

  /**
   * {@return the defaults}: 8 GiB bodies, 16 KiB of headers, 30 minutes per request, 30 seconds
   * idle.
   */
  public static Limits defaults() {
    return DEFAULTS;
  }

  /**
   * The largest request body; a larger one is refused with 413 and nothing is stored.
   *
   * @param bytes the most bytes, 0 or more
   * @return a copy of these limits with the change
   * @throws IllegalArgumentException if {@code bytes < 0}
   */
  public Limits maxBodyBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 0, got " + bytes);
    }
    return new Limits(bytes, maxHeaderBytes, requestTimeout, idleTimeout);
  }

  /**
   * The largest request line plus headers; past it the answer is 431.
   *
   * @param bytes 1024 to 1048576
   * @return a copy of these limits with the change
   * @throws IllegalArgumentException naming the value if it is out of range
   */
  public Limits maxHeaderBytes(int bytes) {
    if (bytes < 1024 || bytes > 1024 * 1024) {
      throw new IllegalArgumentException("maxHeaderBytes must be 1024 to 1048576, got " + bytes);
    }
    return new Limits(maxBodyBytes, bytes, requestTimeout, idleTimeout);
  }

  /**
   * The longest a request may run; past it the connection is closed and nothing half-written is
   * kept.
   *
   * @param timeout a positive duration
   * @return a copy of these limits with the change
   * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
   */
  public Limits requestTimeout(Duration timeout) {
    return new Limits(
        maxBodyBytes, maxHeaderBytes, positive("requestTimeout", timeout), idleTimeout);
  }

  /**
   * The longest a connection may stay silent.
   *
   * @param timeout a positive duration
   * @return a copy of these limits with the change
   * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
   */
  public Limits idleTimeout(Duration timeout) {
    return new Limits(
        maxBodyBytes, maxHeaderBytes, requestTimeout, positive("idleTimeout", timeout));
  }

  /** {@return the largest request body in bytes} */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** {@return the largest request line plus headers, in bytes} */
  public int maxHeaderBytes() {
    return maxHeaderBytes;
  }

  /** {@return the longest a request may run} */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** {@return the longest a connection may stay silent} */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  private static Duration positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  @Override
  public String toString() {
    return "Limits{maxBodyBytes="
        + maxBodyBytes
        + ", maxHeaderBytes="
        + maxHeaderBytes
        + ", requestTimeout="
        + requestTimeout
        + ", idleTimeout="
        + idleTimeout
        + "}";
  }
}
