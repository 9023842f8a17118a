package dev.blobkeep.server;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.server.jetty.IdleTimeouts;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes each request to its endpoint, in blocking style on the server's (virtual, where the JVM
 * has them) threads: checks the path, the token and the time limit, and turns every failure into a
 * JSON error. Thread-safe.
 */
final class ApiHandler extends Handler.Abstract {
  private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());

  private final BlobStore store;
  private final Access access;
  private final Limits limits;
  private final Metrics metrics;
  private final ScheduledExecutorService timer;
  private final StaticPage page = new StaticPage();
  private final Endpoint fetch;
  private final HostCheck hosts;
  private final OriginCheck origins;
  private final AccessLog accessLog;

  /** An endpoint outside the blob routes. */
  interface Endpoint {
    void handle(Exchange ex, Access.Grant grant) throws IOException;
  }

  ApiHandler(
      BlobStore store,
      Access access,
      Limits limits,
      Metrics metrics,
      ScheduledExecutorService timer,
      Endpoint fetch,
      HostCheck hosts,
      OriginCheck origins,
      AccessLog accessLog) {
    this.store = store;
    this.hosts = hosts;
    this.origins = origins;
    this.accessLog = accessLog;
    this.access = access;
    this.limits = limits;
    this.metrics = metrics;
    this.timer = timer;
    this.fetch = fetch;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    metrics.started();
    AtomicBoolean cut = new AtomicBoolean();
    ScheduledFuture<?> deadline =
        timer.schedule(
            () -> cutOff(request, cut), limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    Exchange ex = new Exchange(request, response, metrics, limits.maxBodyBytes());
    IdleTimeouts.onlyWhileClientSilent(request);
    try {
      // Before anything else: a request for another name, or a write from another web site, is
      // answered without looking at its path, token or body.
      String host = ex.header("Host");
      hosts.check(host);
      origins.check(ex.method(), host, ex.header("Origin"), ex.header("Sec-Fetch-Site"));
      route(ex);
      ex.finish();
      callback.succeeded();
    } catch (Throwable t) {
      fail(request, response, callback, ex, cut.get() ? timedOut() : t);
    } finally {
      deadline.cancel(false);
      metrics.finished(request.getMethod(), response.getStatus());
      accessLog.request(
          request.getMethod(),
          request.getHttpURI().getPath(),
          response.getStatus(),
          ex.bytesSent(),
          System.nanoTime() - start);
    }
    return true;
  }

  private void fail(
      Request request, Response response, Callback callback, Exchange ex, Throwable t) {
    HttpError error =
        t instanceof HttpError h && h.status() == 408
            ? h
            : ex.bodyError() != null ? ex.bodyError() : Failures.toHttp(t);
    if (error.status() == 500) {
      LOG.log(
          System.Logger.Level.WARNING,
          request.getMethod() + " " + request.getHttpURI().getPath() + ": " + error.getMessage(),
          t);
    } else if (error.status() > 500) {
      LOG.log(
          System.Logger.Level.INFO,
          request.getMethod() + " " + request.getHttpURI().getPath() + ": " + error.getMessage());
    }
    if (response.isCommitted()) {
      // Headers are gone: the only honest signal left is to break the connection.
      callback.failed(t);
      return;
    }
    try {
      ex.sendError(error);
      ex.finish();
      callback.succeeded();
    } catch (Throwable again) {
      callback.failed(again);
    }
  }

  /** Past the request time limit: close the connection, which fails the request's blocked I/O. */
  private void cutOff(Request request, AtomicBoolean cut) {
    cut.set(true);
    metrics.timedOut();
    request
        .getConnectionMetaData()
        .getConnection()
        .getEndPoint()
        .close(new TimeoutException("request took longer than " + limits.requestTimeout()));
  }

  private HttpError timedOut() {
    return new HttpError(408, "request took longer than the limit of " + limits.requestTimeout());
  }

  private void route(Exchange ex) throws IOException {
    List<String> s = ex.segments();
    String method = ex.method();
    String first = s.isEmpty() ? "" : s.get(0);
    switch (first) {
      case "" -> staticFile(ex, "index.html");
      case "ui" -> {
        if (s.size() != 2 || !page.has(s.get(1))) {
          throw new HttpError(404, "no page file '" + String.join("/", s) + "'");
        }
        staticFile(ex, s.get(1));
      }
      case "healthz" -> {
        allow(ex, "GET", "HEAD");
        health(ex);
      }
      case "metrics" -> {
        allow(ex, "GET", "HEAD");
        access.authenticate(ex);
        ex.sendText(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render());
      }
      case "b" -> buckets(ex, s, method);
      case "id" -> byId(ex, s, method);
      case "fetch" -> {
        if (fetch == null || s.size() != 1) {
          throw new HttpError(404, "no endpoint " + path(s));
        }
        allow(ex, "POST");
        fetch.handle(ex, access.authenticate(ex));
      }
      default -> throw new HttpError(404, "no endpoint " + path(s));
    }
  }

  private void buckets(Exchange ex, List<String> s, String method) throws IOException {
    Access.Grant grant;
    if (s.size() == 1) {
      allow(ex, "GET", "HEAD");
      grant = access.authenticate(ex);
      Listing.buckets(ex, store, grant);
      return;
    }
    String bucket = s.get(1);
    if (s.size() == 2) {
      allow(ex, "GET", "HEAD", "POST");
      grant = access.authenticate(ex);
      boolean write = method.equals("POST");
      Access.check(grant, bucket, write);
      if (!write) {
        Listing.bucket(ex, store, bucket);
      } else if (FormUpload.accepts(ex.header("Content-Type"))) {
        FormUpload.post(ex, store, bucket);
      } else {
        BlobWrites.post(ex, store, bucket);
      }
      return;
    }
    allow(ex, "GET", "HEAD", "PUT", "PATCH", "DELETE");
    grant = access.authenticate(ex);
    boolean write = !method.equals("GET") && !method.equals("HEAD");
    Access.check(grant, bucket, write);
    // A trailing slash is part of the key, never dropped: /b/docs/dir/ is key "dir/".
    String key = String.join("/", s.subList(2, s.size())) + (ex.trailingSlash() ? "/" : "");
    BlobRef ref = BlobRef.key(bucket, key);
    switch (method) {
      case "PUT" -> BlobWrites.put(ex, store, bucket, key);
      case "PATCH" -> BlobPatch.patch(ex, store, store.info(ref));
      case "DELETE" -> BlobWrites.delete(ex, store, store.info(ref));
      default -> BlobReads.serve(ex, store, ref, info -> {});
    }
  }

  private void byId(Exchange ex, List<String> s, String method) throws IOException {
    if (s.size() != 2) {
      throw new HttpError(404, "no endpoint " + path(s) + " (expected /id/{id})");
    }
    allow(ex, "GET", "HEAD", "PATCH", "DELETE");
    Access.Grant grant = access.authenticate(ex);
    boolean write = !method.equals("GET") && !method.equals("HEAD");
    BlobRef ref = BlobRef.id(s.get(1));
    // Access first, from the row alone: a token that may not see the bucket costs one indexed
    // lookup, never a read of content (info() may hash a whole blob written in place).
    if (grant.buckets() != null || write && !grant.canWrite()) {
      Access.check(grant, store.bucketOf(ref), write);
    }
    switch (method) {
      case "PATCH" -> BlobPatch.patch(ex, store, checked(grant, store.info(ref), true));
      case "DELETE" -> BlobWrites.delete(ex, store, checked(grant, store.info(ref), true));
      default -> BlobReads.serve(ex, store, ref, info -> checked(grant, info, write));
    }
  }

  private static BlobInfo checked(Access.Grant grant, BlobInfo info, boolean write) {
    Access.check(grant, info.bucket(), write);
    return info;
  }

  private void staticFile(Exchange ex, String name) throws IOException {
    allow(ex, "GET", "HEAD");
    page.serve(ex, name);
  }

  private void health(Exchange ex) throws IOException {
    try {
      store.exists(BlobRef.id("00000000-0000-0000-0000-000000000000"));
    } catch (RuntimeException e) {
      ex.sendJson(503, Map.of("status", "unavailable", "error", Failures.toHttp(e).getMessage()));
      return;
    }
    ex.sendJson(200, Map.of("status", "ok"));
  }

  private static void allow(Exchange ex, String... methods) {
    for (String m : methods) {
      if (m.equals(ex.method())) {
        return;
      }
    }
    throw new HttpError(
            405,
            "method "
                + ex.method()
                + " is not allowed here (allowed: "
                + String.join(", ", methods)
                + ")")
        .header("Allow", String.join(", ", methods));
  }

  private static String path(List<String> s) {
    return "/" + String.join("/", s);
  }
}
