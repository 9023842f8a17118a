package dev.blobkeep.server;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.fetch.FetchOptions;
import dev.blobkeep.server.s3.S3Credential;
import dev.blobkeep.server.s3.S3Server;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * Serves a blob store over HTTP: the JSON API under {@code /b/} and {@code /id/}, {@code /healthz},
 * {@code /metrics} and the web page at {@code /}. Built on Jetty 12; requests run on virtual
 * threads when the JVM has them (Java 21 and later) and the store is on PostgreSQL, on a bounded
 * pool of platform threads otherwise (see {@link Builder#virtualThreads(Boolean)}).
 *
 * <pre>{@code
 * try (BlobServer server = BlobServer.builder()
 *         .location("blobs.db")
 *         .port(8080)
 *         .tokens(Tokens.fromEnvironment()) // BLOBKEEP_TOKENS="SECRET:rw:*"
 *         .build()
 *         .start()) {
 *   server.join();
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the server and, if the server opened the store from a
 * location, closes it; a store passed in with {@link Builder#store(BlobStore)} stays open.
 */
public final class BlobServer implements AutoCloseable {
  private final ServerSettings settings;
  private final Metrics s3Metrics;
  private final Metrics metrics;
  private BlobStore store;
  private volatile HttpEndpoint http;
  private boolean closed;
  private S3Server s3;

  private BlobServer(ServerSettings settings) {
    this.settings = settings;
    this.s3Metrics = settings.s3Port >= 0 ? new Metrics("blobkeep_s3", null) : null;
    this.metrics = new Metrics("blobkeep_http", s3Metrics);
  }

  /**
   * A builder with the defaults: store {@code $BLOBKEEP_DB} else {@value #DEFAULT_LOCATION}, bind
   * 127.0.0.1, port 8080, no tokens, default limits, access log on.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens the store (if given by location) and starts listening.
   *
   * @return this server
   * @throws IllegalArgumentException if there is no token and authentication is on, or if {@code
   *     noAuth} is asked for on an address other than loopback or together with tokens
   * @throws IllegalStateException if the port cannot be bound
   */
  public synchronized BlobServer start() {
    if (http != null) {
      throw new IllegalStateException("server already started on port " + port());
    }
    settings.check();
    // Before the store opens: a bad --public-host or --allow-origin leaves nothing to close.
    HostCheck hosts = new HostCheck(settings.bind, settings.publicHosts, () -> http.port());
    OriginCheck origins = new OriginCheck(settings.allowedOrigins);
    store =
        settings.store != null
            ? settings.store
            : BlobStore.open(settings.location, settings.storeOptions);
    AccessLog accessLog = AccessLog.of(settings.accessLog, settings.accessLogger);
    try {
      http = new HttpEndpoint(settings, store, metrics, hosts, origins, accessLog);
      http.start();
    } catch (Exception e) {
      IllegalStateException failed =
          new IllegalStateException(
              "cannot serve on " + settings.bind + ":" + settings.port + ": " + e.getMessage(), e);
      closeAfter(failed);
      throw failed;
    }
    if (settings.s3Port >= 0) {
      try {
        s3 =
            S3Server.start(
                store,
                settings.bind,
                settings.s3Port,
                settings.s3Credentials,
                settings.s3Region,
                settings.s3Domain,
                settings.limits.idleTimeout(),
                settings.limits.maxBodyBytes(),
                new S3Reports(s3Metrics, accessLog));
      } catch (RuntimeException e) {
        closeAfter(e);
        throw e;
      }
    }
    return this;
  }

  /** Closes what a failed start opened; a failure to close is kept on {@code failed}. */
  private void closeAfter(RuntimeException failed) {
    try {
      close();
    } catch (RuntimeException e) {
      failed.addSuppressed(e);
    }
  }

  /**
   * The port listened on (the one chosen by the system when the builder said 0).
   *
   * @return the port
   * @throws IllegalStateException if the server is not started
   */
  public synchronized int port() {
    if (http == null) {
      throw new IllegalStateException("server is not started");
    }
    return http.port();
  }

  /** {@return the port of the S3 endpoint, or -1 if it is not served} */
  public synchronized int s3Port() {
    return s3 == null ? -1 : s3.port();
  }

  /** {@return the address listened on} */
  public String bind() {
    return settings.bind;
  }

  /**
   * {@return the store served}; null before {@link #start()} when the server opens it from a
   * location.
   */
  public synchronized BlobStore store() {
    return store;
  }

  /** {@return true if the JVM can run virtual threads (Java 21 and later)} */
  public static boolean virtualThreadsAvailable() {
    return ThreadMode.available();
  }

  /**
   * True if this started server runs requests on virtual threads: by default when the JVM has them
   * and the store is on PostgreSQL (see {@link Builder#virtualThreads(Boolean)}).
   *
   * @return true if requests run on virtual threads
   */
  public synchronized boolean usesVirtualThreads() {
    return http != null && http.virtualThreads();
  }

  /** {@return the number of requests being handled at this moment} */
  public long requestsInFlight() {
    return metrics.inFlight();
  }

  /** {@return the number of connections open at this moment} */
  public synchronized int openConnections() {
    return http == null ? 0 : http.openConnections();
  }

  /**
   * Blocks until the server stops.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void join() throws InterruptedException {
    HttpEndpoint h;
    synchronized (this) {
      h = http;
    }
    if (h != null) {
      h.join();
    }
  }

  /**
   * Stops listening, lets requests in flight finish (for up to 5 seconds), ends open connections
   * and closes a store the server opened. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (s3 != null) {
        s3.close();
      }
      if (http != null) {
        http.stop();
      }
    } catch (Exception e) {
      throw new IllegalStateException("stopping the server failed: " + e.getMessage(), e);
    } finally {
      if (http != null) {
        http.stopTimer();
      }
      if (settings.store == null && store != null) {
        store.close();
      }
    }
  }

  /**
   * Runs the server from the command line; see {@link ServerArgs} for the options.
   *
   * @param args the command line, as {@code blobkeep serve} takes it
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    ServerArgs.main(args);
  }

  /** The store a server opens when given none: {@code $BLOBKEEP_DB}, else this. */
  public static final String DEFAULT_LOCATION = "./blobkeep.db";

  /** The environment variable naming the default store, as for the CLI. */
  public static final String DB_ENV = "BLOBKEEP_DB";

  /** {@code $BLOBKEEP_DB} if set and not empty in {@code env}, else {@value #DEFAULT_LOCATION}. */
  static String defaultLocation(Map<String, String> env) {
    String db = env.get(DB_ENV);
    return db == null || db.isEmpty() ? DEFAULT_LOCATION : db;
  }

  /** Settings of a server. Not thread-safe; each setter returns this builder. */
  public static final class Builder {
    private final ServerSettings settings = new ServerSettings();

    private Builder() {}

    /**
     * Also serves the S3-compatible API on this port (0 for any free one), on the same address and
     * over the same store; off by default.
     *
     * @param port 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException naming the port if it is out of range
     */
    public Builder s3Port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("S3 port must be 0 to 65535, got " + port);
      }
      settings.s3Port = port;
      return this;
    }

    /**
     * Accepts an S3 key given as {@code ACCESS_KEY:SECRET_KEY:PERMS:BUCKETS}; repeatable.
     *
     * @param credential the key, as {@code ACCESS_KEY:SECRET_KEY:PERMS:BUCKETS}
     * @return this builder
     * @throws IllegalArgumentException naming the problem if the text is malformed
     */
    public Builder s3Credential(String credential) {
      settings.s3Credentials.add(S3Credential.parse(credential));
      return this;
    }

    /**
     * Accepts these S3 keys too.
     *
     * @param more the keys
     * @return this builder
     */
    public Builder s3Credentials(Collection<S3Credential> more) {
      settings.s3Credentials.addAll(more);
      return this;
    }

    /**
     * The region the S3 endpoint names (default {@code us-east-1}); signatures of any region pass.
     *
     * @param region lower-case letters, digits and {@code -}
     * @return this builder
     * @throws IllegalArgumentException naming the region if it is malformed
     */
    public Builder s3Region(String region) {
      if (region == null || !region.matches("[a-z0-9-]+")) {
        throw new IllegalArgumentException(
            "S3 region '" + region + "' must be lower-case letters, digits and '-'");
      }
      settings.s3Region = region;
      return this;
    }

    /**
     * Answers virtual-host style S3 requests ({@code bucket.DOMAIN}) too; path style is always
     * answered.
     *
     * @param domain a host name
     * @return this builder
     * @throws IllegalArgumentException naming the domain if it is not a host name
     */
    public Builder s3Domain(String domain) {
      if (domain == null || !domain.matches("[A-Za-z0-9.-]+")) {
        throw new IllegalArgumentException("S3 domain '" + domain + "' is not a host name");
      }
      settings.s3Domain = domain;
      return this;
    }

    /**
     * Serves this store, which the caller keeps open and closes after the server.
     *
     * @param store the open store, not null
     * @return this builder
     */
    public Builder store(BlobStore store) {
      settings.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Opens the store at this location (file path or JDBC URL) on start; default {@code
     * $BLOBKEEP_DB}, else {@value #DEFAULT_LOCATION}, as the CLI's {@code serve}.
     *
     * @param location a file path or JDBC URL, not null
     * @return this builder
     */
    public Builder location(String location) {
      settings.location = Objects.requireNonNull(location, "location");
      return this;
    }

    /**
     * The options the store is opened with when the server opens it from a location; default {@link
     * StoreOptions#defaults()}. Ignored with {@link #store(BlobStore)}.
     *
     * @param options the options, not null
     * @return this builder
     */
    public Builder storeOptions(StoreOptions options) {
      settings.storeOptions = Objects.requireNonNull(options, "storeOptions");
      return this;
    }

    /**
     * The address to listen on; default {@code 127.0.0.1}.
     *
     * @param address an IP address or host name, not null
     * @return this builder
     */
    public Builder bind(String address) {
      settings.bind = Objects.requireNonNull(address, "bind");
      return this;
    }

    /**
     * The port, 0 for any free one; default 8080.
     *
     * @param port 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException naming the port if it is out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
      }
      settings.port = port;
      return this;
    }

    /**
     * Accepts a token given as {@code SECRET:PERMS:BUCKETS}.
     *
     * @param token the token, as {@code SECRET:PERMS:BUCKETS}
     * @return this builder
     * @throws IllegalArgumentException naming the problem if the text is malformed
     */
    public Builder token(String token) {
      settings.tokens.add(AccessToken.parse(token));
      return this;
    }

    /**
     * Accepts these tokens too.
     *
     * @param more the tokens
     * @return this builder
     */
    public Builder tokens(Collection<AccessToken> more) {
      settings.tokens.addAll(more);
      return this;
    }

    /**
     * Answers requests for this name too ({@code NAME} or {@code NAME:PORT}), as sent in the {@code
     * Host} header through a reverse proxy; repeatable. Without it the server answers only its bind
     * address, {@code localhost}, {@code 127.0.0.1} and {@code [::1]} with its port, and 421 to any
     * other {@code Host}, so that a web page cannot reach it through a DNS name made to point here.
     * A {@code NAME} without a port matches a {@code Host} without one or with 80 or 443.
     *
     * @param name {@code NAME} or {@code NAME:PORT}
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is not {@code NAME} or {@code
     *     NAME:PORT}
     */
    public Builder publicHost(String name) {
      HostCheck.parsePublicHost(name);
      settings.publicHosts.add(name);
      return this;
    }

    /**
     * Accepts state-changing requests (PUT, POST, PATCH, DELETE) a browser sends from pages of this
     * origin ({@code https://app.example.com}, {@code http://localhost:3000}); repeatable. Without
     * it such requests are refused with 403 when their {@code Origin} is not the server's own or
     * their {@code Sec-Fetch-Site} is {@code cross-site}. This answers no CORS preflight: it lets
     * forms and other simple requests of that origin through.
     *
     * @param origin {@code http(s)://HOST[:PORT]}
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is not {@code http(s)://HOST[:PORT]}
     */
    public Builder allowOrigin(String origin) {
      OriginCheck.parseAllowed(origin);
      settings.allowedOrigins.add(origin);
      return this;
    }

    /**
     * Writes one line per request (method, path, status, response bytes, milliseconds) to the SLF4J
     * logger {@code dev.blobkeep.server.access} at INFO; default on.
     *
     * @param on false to log no requests
     * @return this builder
     */
    public Builder accessLog(boolean on) {
      settings.accessLog = on;
      return this;
    }

    /** The logger the access log goes to instead of {@code dev.blobkeep.server.access}. */
    Builder accessLogger(Logger logger) {
      settings.accessLogger = logger;
      return this;
    }

    /**
     * Serves without authentication: allowed only on a loopback address.
     *
     * @param noAuth true to serve without authentication
     * @return this builder
     */
    public Builder noAuth(boolean noAuth) {
      settings.noAuth = noAuth;
      return this;
    }

    /**
     * Bounds on what one request may take; default {@link Limits#defaults()}.
     *
     * @param limits the limits, not null
     * @return this builder
     */
    public Builder limits(Limits limits) {
      settings.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * The guards of {@code POST /fetch}: size, time, redirects and whether private addresses may be
     * fetched (default {@link FetchOptions#defaults()}: they may not).
     *
     * @param options the guards, not null
     * @return this builder
     */
    public Builder fetchOptions(FetchOptions options) {
      settings.fetchOptions = Objects.requireNonNull(options, "fetchOptions");
      return this;
    }

    /**
     * Runs requests on virtual threads ({@code true}, Java 21 and later), on platform threads
     * ({@code false}), or decides ({@code null}, the default): virtual threads when the JVM has
     * them and the store is on PostgreSQL. SQLite waits for its lock inside native code, which pins
     * a virtual thread to its carrier; with one carrier per core a few such waits stall the server.
     *
     * @param virtualThreads true, false, or null to decide
     * @return this builder
     */
    public Builder virtualThreads(Boolean virtualThreads) {
      settings.virtualThreads = virtualThreads;
      return this;
    }

    /** {@return a server with these settings, not yet started} */
    public BlobServer build() {
      return new BlobServer(settings.copy());
    }
  }
}
