package dev.blobkeep.server;

import dev.blobkeep.BlobStore;
import dev.blobkeep.fetch.Fetcher;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty server behind a {@link BlobServer}'s HTTP API, assembled from its settings: the request
 * threads (virtual or a bounded platform pool, see {@link ThreadMode}), the connector and its
 * limits, the JSON error handler, the {@link ApiHandler} and the timer of request deadlines. Not
 * started by the constructor; {@link BlobServer} guards it with its own lock.
 */
final class HttpEndpoint {
  private static final int MAX_PLATFORM_THREADS = 200;
  private static final long STOP_GRACE_MILLIS = 5_000;

  private final Server server;
  private final ServerConnector connector;
  private final ScheduledThreadPoolExecutor timer;
  private final Metrics metrics;
  private final boolean virtual;

  HttpEndpoint(
      ServerSettings settings,
      BlobStore store,
      Metrics metrics,
      HostCheck hosts,
      OriginCheck origins,
      AccessLog accessLog) {
    this.metrics = metrics;
    timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "blobkeep-http-deadline");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    QueuedThreadPool threads = new QueuedThreadPool(MAX_PLATFORM_THREADS, 4);
    threads.setName("blobkeep-http");
    virtual = ThreadMode.virtual(store, settings.virtualThreads);
    if (virtual) {
      threads.setVirtualThreadsExecutor(
          VirtualThreads.getNamedVirtualThreadsExecutor("blobkeep-vt"));
    }
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(settings.limits.maxHeaderBytes());
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // Paths are checked by SafePath, strictly and with messages naming the path; Jetty's own
    // interpretation of the path is never used for routing.
    http.setUriCompliance(UriCompliance.UNSAFE);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(settings.bind);
    connector.setPort(settings.port);
    connector.setIdleTimeout(settings.limits.idleTimeout().toMillis());
    server.addConnector(connector);
    server.setErrorHandler(new JsonErrorHandler());
    server.setHandler(
        new ApiHandler(
            store,
            new Access(settings.tokens, settings.noAuth),
            settings.limits,
            metrics,
            timer,
            new FetchEndpoint(store, new Fetcher(settings.fetchOptions)),
            hosts,
            origins,
            accessLog));
  }

  /** Binds the port and starts serving; Jetty's exception if it cannot. */
  void start() throws Exception {
    server.start();
  }

  /** {@return the port listened on} (the one the system chose when the settings said 0) */
  int port() {
    return connector.getLocalPort();
  }

  /** {@return true if requests run on virtual threads} */
  boolean virtualThreads() {
    return virtual;
  }

  /** {@return the number of connections open at this moment} */
  int openConnections() {
    return connector.getConnectedEndPoints().size();
  }

  /** Blocks until the server stops. */
  void join() throws InterruptedException {
    server.join();
  }

  /**
   * Stops listening and ends open connections, letting requests in flight finish for up to 5
   * seconds.
   */
  void stop() throws Exception {
    // Graceful only while requests run: waiting out idle keep-alive connections gains nothing.
    server.setStopTimeout(metrics.inFlight() > 0 ? STOP_GRACE_MILLIS : 0);
    server.stop();
  }

  /** Stops the timer of request deadlines; separate from {@link #stop()}, which may fail. */
  void stopTimer() {
    timer.shutdownNow();
  }
}
