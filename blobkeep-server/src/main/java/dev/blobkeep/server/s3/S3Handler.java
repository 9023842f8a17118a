package dev.blobkeep.server.s3;

import dev.blobkeep.BlobExistsException;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.PreconditionFailedException;
import dev.blobkeep.ReadOnlyStoreException;
import dev.blobkeep.StoreException;
import dev.blobkeep.server.jetty.IdleTimeouts;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes S3 requests (path style, and virtual-host style under the configured domain) to the
 * bucket, object, listing and multipart operations after checking the signature and the key's
 * permission; answers every failure as S3's XML error. Thread-safe.
 */
final class S3Handler extends Handler.Abstract {
  private static final System.Logger LOG = System.getLogger(S3Handler.class.getName());

  /** Sub-resources of features blobkeep does not have, answered NotImplemented. */
  private static final Set<String> NOT_IMPLEMENTED =
      Set.of(
          "acl",
          "policy",
          "policyStatus",
          "versioning",
          "lifecycle",
          "tagging",
          "encryption",
          "object-lock",
          "retention",
          "legal-hold",
          "website",
          "logging",
          "cors",
          "replication",
          "notification",
          "accelerate",
          "requestPayment",
          "analytics",
          "inventory",
          "metrics",
          "intelligent-tiering",
          "ownershipControls",
          "publicAccessBlock",
          "torrent",
          "restore",
          "select",
          "attributes");

  private final Authenticator auth;
  private final String domain;
  private final BucketOps buckets;
  private final ObjectOps objects;
  private final ListOps lists;
  private final MultipartOps multipart;
  private final long maxBodyBytes;
  private final RequestLog log;

  S3Handler(
      ObjectStore store,
      Authenticator auth,
      String region,
      String domain,
      long maxBodyBytes,
      RequestLog log) {
    this.maxBodyBytes = maxBodyBytes;
    this.log = log;
    this.auth = auth;
    this.domain = domain;
    this.buckets = new BucketOps(store, region);
    this.objects = new ObjectOps(store);
    this.lists = new ListOps(store);
    this.multipart = new MultipartOps(store);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    log.started();
    String id = HexFormat.of().withUpperCase().toHexDigits(ThreadLocalRandom.current().nextLong());
    response.getHeaders().put("x-amz-request-id", id);
    response.getHeaders().put("x-amz-id-2", id);
    response.getHeaders().put("Server", "blobkeep");
    Exchange ex = null;
    IdleTimeouts.onlyWhileClientSilent(request);
    try {
      ex = new Exchange(new S3Request(request, domain), response, id, maxBodyBytes);
      ex.auth = auth.verify(ex.req);
      route(ex);
      ex.finish();
      callback.succeeded();
    } catch (Throwable t) {
      fail(request, response, callback, ex, id, t);
    } finally {
      log.finished(
          request.getMethod(),
          request.getHttpURI().getPath(),
          response.getStatus(),
          ex == null ? 0 : ex.bytesIn(),
          ex == null ? 0 : ex.bytesOut(),
          System.nanoTime() - start);
    }
    return true;
  }

  private void route(Exchange ex) throws IOException {
    S3Request r = ex.req;
    for (String p : r.params.keySet()) {
      if (NOT_IMPLEMENTED.contains(p)) {
        if (p.equals("acl") && r.method.equals("PUT") && r.bucket != null) {
          allow(ex, true);
          ex.empty(200); // canned ACLs are accepted and ignored, as on create
          return;
        }
        throw S3Exception.notImplemented("the ?" + p + " sub-resource");
      }
    }
    if (r.bucket == null) {
      if (!r.method.equals("GET")) {
        throw methodNotAllowed(r);
      }
      buckets.list(ex);
      return;
    }
    boolean write = !r.method.equals("GET") && !r.method.equals("HEAD");
    allow(ex, write);
    if (r.key == null) {
      switch (r.method) {
        case "PUT" -> buckets.create(ex);
        case "HEAD" -> buckets.head(ex);
        case "DELETE" -> buckets.delete(ex);
        case "POST" -> {
          if (!r.has("delete")) {
            throw S3Exception.notImplemented("POST form uploads");
          }
          objects.deleteMany(ex);
        }
        case "GET" -> {
          if (r.has("location")) {
            buckets.location(ex);
          } else if (r.has("uploads")) {
            multipart.listUploads(ex);
          } else if (r.has("versions")) {
            lists.versions(ex);
          } else if ("2".equals(r.param("list-type"))) {
            lists.v2(ex);
          } else {
            lists.v1(ex);
          }
        }
        default -> throw methodNotAllowed(r);
      }
      return;
    }
    switch (r.method) {
      case "PUT" -> {
        if (r.has("uploadId")) {
          multipart.uploadPart(ex);
        } else if (r.header("x-amz-copy-source") != null) {
          objects.copy(ex);
        } else {
          objects.put(ex);
        }
      }
      case "GET", "HEAD" -> {
        if (r.has("uploadId")) {
          multipart.listParts(ex);
        } else {
          objects.get(ex);
        }
      }
      case "DELETE" -> {
        if (r.has("uploadId")) {
          multipart.abort(ex);
        } else {
          objects.delete(ex);
        }
      }
      case "POST" -> {
        if (r.has("uploads")) {
          multipart.create(ex);
        } else if (r.has("uploadId")) {
          multipart.complete(ex);
        } else {
          throw S3Exception.notImplemented("POST on an object");
        }
      }
      default -> throw methodNotAllowed(r);
    }
  }

  private static void allow(Exchange ex, boolean write) {
    S3Credential c = ex.auth.credential();
    String bucket = ex.req.bucket;
    if (!c.reaches(bucket)) {
      throw S3Exception.accessDenied(
          "Access Denied: access key " + c.accessKey() + " does not reach bucket " + bucket);
    }
    if (write && !c.write()) {
      throw S3Exception.accessDenied(
          "Access Denied: access key " + c.accessKey() + " is read-only");
    }
  }

  private static S3Exception methodNotAllowed(S3Request r) {
    return new S3Exception(
        405,
        "MethodNotAllowed",
        "The specified method is not allowed against this resource: " + r.method + " " + r.rawPath);
  }

  private void fail(
      Request request, Response response, Callback callback, Exchange ex, String id, Throwable t) {
    S3Exception e = toS3(t, ex);
    if (e.status() == 503) {
      LOG.log(
          System.Logger.Level.INFO,
          request.getMethod() + " " + request.getHttpURI().getPath() + ": " + e.getMessage());
    } else if (e.status() >= 500 && !(e.code().equals("NotImplemented"))) {
      LOG.log(
          System.Logger.Level.WARNING,
          request.getMethod() + " " + request.getHttpURI().getPath() + ": " + t,
          t);
    }
    if (response.isCommitted()) {
      callback.failed(t);
      return;
    }
    try {
      response.getHeaders().remove("Content-Length");
      response.getHeaders().remove("ETag");
      response.getHeaders().remove("Last-Modified");
      response.setStatus(e.status());
      String resource = request.getHttpURI().getPath();
      if (request.getMethod().equals("HEAD")) {
        response.getHeaders().put("Content-Length", 0);
        response.write(true, null, callback);
        return;
      }
      String doc =
          Xml.error()
              .el("Code", e.code())
              .el("Message", e.getMessage())
              .el("Resource", resource)
              .el("RequestId", id)
              .end("Error");
      byte[] bytes = doc.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      response.getHeaders().put("Content-Type", "application/xml");
      response.getHeaders().put("Content-Length", bytes.length);
      if (ex != null) {
        ex.wrote(bytes.length);
      }
      response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
    } catch (RuntimeException again) {
      callback.failed(t);
    }
  }

  /** The S3 error a failure is answered with. */
  static S3Exception toS3(Throwable t, Exchange ex) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof S3Exception s) {
        return s;
      }
      if (c instanceof BodyRejected b) {
        return b.error();
      }
    }
    S3Exception body = ex == null ? null : ex.bodyFailure();
    if (body != null) {
      return body;
    }
    if (t instanceof BlobNotFoundException && ex != null && ex.req.key != null) {
      return S3Exception.noSuchKey(ex.req.bucket, ex.req.key);
    }
    if (t instanceof BlobExistsException || t instanceof PreconditionFailedException) {
      return new S3Exception(
          412,
          "PreconditionFailed",
          "At least one of the pre-conditions you specified did not hold: " + t.getMessage());
    }
    if (t instanceof InvalidArgumentException) {
      return S3Exception.invalidArgument(t.getMessage());
    }
    if (t instanceof ReadOnlyStoreException) {
      return S3Exception.accessDenied("the store is read-only: " + t.getMessage());
    }
    if (t instanceof StoreException) {
      // The database is unreachable or busy (a failover, a lock held elsewhere): the clients retry.
      return new S3Exception(503, "ServiceUnavailable", "store unavailable: " + t.getMessage());
    }
    return new S3Exception(
        500, "InternalError", "We encountered an internal error: " + t.getMessage());
  }
}
