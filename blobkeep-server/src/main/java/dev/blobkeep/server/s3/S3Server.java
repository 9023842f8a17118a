package dev.blobkeep.server.s3;

import dev.blobkeep.BlobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The S3-compatible endpoint: its own listener over a store another component owns (the {@code
 * BlobServer} that starts it, or the caller). Path-style addressing, and virtual-host style under
 * {@code domain} when one is given. Thread-safe; {@link #close()} stops listening, never closes the
 * store.
 */
public final class S3Server implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  private S3Server(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Starts serving {@code store} over S3 on {@code bind:port} (0 for any free port).
   *
   * @param credentials the keys accepted; at least one
   * @param region the region named in answers (HeadBucket, GetBucketLocation); signatures of any
   *     region are accepted
   * @param domain the domain of virtual-host style requests ({@code bucket.domain}), or null
   * @param idleTimeout how long a connection may stay silent before it is closed
   * @param maxBodyBytes the largest object content (or part) a request may carry
   * @param log what each request is reported to (access log, metrics), or {@link RequestLog#NONE}
   * @param store the store served, which the caller keeps open and closes after the server
   * @param bind the address to listen on
   * @param port 0 to 65535
   * @return the running server
   * @throws IllegalArgumentException if there is no credential
   * @throws IllegalStateException naming the address if the port cannot be bound
   */
  public static S3Server start(
      BlobStore store,
      String bind,
      int port,
      List<S3Credential> credentials,
      String region,
      String domain,
      Duration idleTimeout,
      long maxBodyBytes,
      RequestLog log) {
    if (credentials.isEmpty()) {
      throw new IllegalArgumentException(
          "the S3 port needs at least one --s3-credentials ACCESS_KEY:SECRET_KEY:PERMS:BUCKETS"
              + " (or $"
              + S3Credential.ENV
              + ")");
    }
    QueuedThreadPool threads = new QueuedThreadPool(200, 4);
    threads.setName("blobkeep-s3");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // S3 keys hold '//', '%2F', '..': the raw path is read as sent, never normalised.
    http.setUriCompliance(UriCompliance.UNSAFE);
    http.setRequestHeaderSize(64 * 1024);
    // Signatures cover header values byte for byte: Jetty's cache of common fields must not hand
    // back "charset=utf-8" for a client's "charset=UTF-8".
    http.setHeaderCacheCaseSensitive(true);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(bind);
    connector.setPort(port);
    connector.setIdleTimeout(idleTimeout.toMillis());
    server.addConnector(connector);
    server.setHandler(
        new S3Handler(
            new ObjectStore(store),
            new Authenticator(credentials, Clock.systemUTC()),
            region,
            domain,
            maxBodyBytes,
            log));
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        e.addSuppressed(ignored);
      }
      throw new IllegalStateException(
          "cannot serve S3 on " + bind + ":" + port + ": " + e.getMessage(), e);
    }
    return new S3Server(server, connector);
  }

  /** {@return the port listened on} */
  public int port() {
    return connector.getLocalPort();
  }

  /** Stops listening. Idempotent. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("stopping the S3 server failed: " + e.getMessage(), e);
    }
  }
}
