package dev.blobkeep.server.s3;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.w3c.dom.Element;

/** PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects and CopyObject. */
final class ObjectOps {
  private static final String META = "x-amz-meta-";
  private static final Map<String, String> OVERRIDES =
      Map.of(
          "response-content-type", "Content-Type",
          "response-content-language", "Content-Language",
          "response-expires", "Expires",
          "response-cache-control", "Cache-Control",
          "response-content-disposition", "Content-Disposition",
          "response-content-encoding", "Content-Encoding");

  private final ObjectStore store;

  ObjectOps(ObjectStore store) {
    this.store = store;
  }

  void put(Exchange ex) throws IOException {
    S3Request r = ex.req;
    requireBucket(r.bucket);
    PutOptions options = PutOptions.at(r.bucket, r.key).meta(metaHeaders(r));
    if (r.header("Content-Type") != null) {
      options = options.contentType(r.header("Content-Type"));
    }
    options = writeConditions(r, options);
    CheckedBody body = Bodies.open(ex);
    BlobInfo info = store.put(body, options, null);
    ex.header("ETag", quote(ObjectStore.etag(info)));
    echoChecksums(ex, body);
    ex.empty(200);
  }

  /** {@code If-None-Match: *} stores only a new key; {@code If-Match} only over that ETag. */
  private PutOptions writeConditions(S3Request r, PutOptions options) {
    String noneMatch = r.header("If-None-Match");
    if (noneMatch != null) {
      if (!noneMatch.strip().equals("*")) {
        throw S3Exception.notImplemented("If-None-Match other than * on a write");
      }
      options = options.ifAbsent();
    }
    String match = r.header("If-Match");
    if (match != null) {
      BlobInfo current;
      try {
        current = store.store.info(BlobRef.key(r.bucket, r.key));
      } catch (BlobNotFoundException e) {
        throw S3Exception.noSuchKey(r.bucket, r.key);
      }
      if (!Conditions.etagMatches(match, ObjectStore.etag(current))) {
        throw Conditions.preconditionFailed("If-Match " + match);
      }
      // The store's own tag makes the check hold until the write commits.
      options = options.ifMatch(current.etag());
    }
    return options;
  }

  private static void echoChecksums(Exchange ex, CheckedBody body) {
    for (HttpField f : ex.req.jetty.getHeaders()) {
      if (f.getLowerCaseName().startsWith("x-amz-checksum-")
          && !f.getLowerCaseName().equals("x-amz-checksum-type")) {
        ex.header(f.getName(), f.getValue());
      }
    }
  }

  void get(Exchange ex) throws IOException {
    S3Request r = ex.req;
    BlobInfo info = info(r.bucket, r.key);
    String etag = ObjectStore.etag(info);
    Instant modified = info.updated().truncatedTo(ChronoUnit.SECONDS);
    String part = r.param("partNumber");
    if (part != null && !part.equals("1")) {
      throw new S3Exception(
          416, "InvalidPartNumber", "The requested partnumber is not satisfiable: " + part);
    }
    // RFC 9110 order: If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since.
    String ifMatch = r.header("If-Match");
    if (ifMatch != null && !Conditions.etagMatches(ifMatch, etag)) {
      throw Conditions.preconditionFailed("If-Match " + ifMatch);
    }
    Instant unmodified = Conditions.httpDate(r.header("If-Unmodified-Since"));
    if (ifMatch == null && unmodified != null && modified.isAfter(unmodified)) {
      throw Conditions.preconditionFailed("If-Unmodified-Since " + r.header("If-Unmodified-Since"));
    }
    String noneMatch = r.header("If-None-Match");
    Instant since = Conditions.httpDate(r.header("If-Modified-Since"));
    boolean notModified =
        noneMatch != null
            ? Conditions.etagMatches(noneMatch, etag)
            : since != null && !modified.isAfter(since);
    headers(ex, info, etag);
    if (notModified) {
      ex.response.getHeaders().remove("Content-Type");
      ex.status(304);
      return;
    }
    for (var o : OVERRIDES.entrySet()) {
      ex.header(o.getValue(), r.param(o.getKey()));
    }
    long size = info.size();
    long first = 0;
    long length = size;
    String range = part == null ? r.header("Range") : null;
    if (range != null) {
      long[] fl = Conditions.range(range, size);
      if (fl != null) {
        first = fl[0];
        length = fl[1] - fl[0] + 1;
        ex.status(206);
        ex.header("Content-Range", "bytes " + fl[0] + "-" + fl[1] + "/" + size);
      }
    }
    ex.response.getHeaders().put("Content-Length", length);
    if (r.method.equals("HEAD") || length == 0) {
      return;
    }
    try (InputStream in = store.open(info.ref(), first, length)) {
      ex.send(in);
    }
  }

  private static void headers(Exchange ex, BlobInfo info, String etag) {
    ex.header("ETag", quote(etag));
    ex.header(
        "Last-Modified",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            info.updated().atZone(java.time.ZoneOffset.UTC)));
    ex.header("Accept-Ranges", "bytes");
    ex.header("Content-Type", info.contentType());
    for (var m : ObjectStore.userMeta(info).entrySet()) {
      ex.header(META + m.getKey(), String.valueOf(m.getValue()));
    }
  }

  void delete(Exchange ex) {
    requireBucket(ex.req.bucket);
    try {
      store.store.delete(BlobRef.key(ex.req.bucket, ex.req.key));
    } catch (BlobNotFoundException e) {
      // S3 answers 204 for a key that is not there.
    }
    ex.empty(204);
  }

  void deleteMany(Exchange ex) throws IOException {
    requireBucket(ex.req.bucket);
    Element root;
    try (CheckedBody body = Bodies.open(ex)) {
      root = Xml.parse(body);
      body.transferTo(java.io.OutputStream.nullOutputStream());
    }
    if (!Xml.localName(root).equals("Delete")) {
      throw S3Exception.malformedXml("the root element is " + root.getTagName() + ", not Delete");
    }
    boolean quiet = "true".equalsIgnoreCase(Xml.text(root, "Quiet"));
    List<Element> objects = Xml.children(root, "Object");
    if (objects.size() > 1000) {
      throw S3Exception.malformedXml("more than 1000 objects: " + objects.size());
    }
    Xml x = Xml.doc("DeleteResult");
    for (Element o : objects) {
      String key = Xml.text(o, "Key");
      try {
        store.store.delete(BlobRef.key(ex.req.bucket, key));
      } catch (BlobNotFoundException e) {
        // Deleted already: reported as deleted, as S3 does.
      } catch (RuntimeException e) {
        S3Exception s = S3Handler.toS3(e, null);
        x.open("Error").el("Key", key).el("Code", s.code()).el("Message", s.getMessage());
        x.close("Error");
        continue;
      }
      if (!quiet) {
        x.open("Deleted").el("Key", key).close("Deleted");
      }
    }
    ex.xml(x.end("DeleteResult"));
  }

  void copy(Exchange ex) throws IOException {
    S3Request r = ex.req;
    BlobInfo source = copySource(r, ex.auth.credential());
    requireBucket(r.bucket);
    Conditions.checkCopyConditions(r, source);
    String directive = r.header("x-amz-metadata-directive");
    boolean replace = directive != null && directive.strip().equalsIgnoreCase("REPLACE");
    if (directive != null && !replace && !directive.strip().equalsIgnoreCase("COPY")) {
      throw S3Exception.invalidArgument(
          "Unknown metadata directive: " + directive + " (COPY or REPLACE)");
    }
    PutOptions options = PutOptions.at(r.bucket, r.key);
    if (replace) {
      options = options.meta(metaHeaders(r));
      String type = r.header("Content-Type");
      options = options.contentType(type != null ? type : source.contentType());
    } else {
      options = options.meta(ObjectStore.userMeta(source)).contentType(source.contentType());
    }
    options = writeConditions(r, options);
    BlobInfo info;
    try (InputStream in = store.open(source.ref(), 0, source.size())) {
      info = store.put(new CheckedBody(in, source.size()), options, null);
    }
    ex.xml(
        Xml.doc("CopyObjectResult")
            .el("LastModified", Xml.time(info.updated()))
            .el("ETag", quote(ObjectStore.etag(info)))
            .end("CopyObjectResult"));
  }

  /** The object {@code x-amz-copy-source} names ({@code [/]bucket/key}, URL-encoded). */
  BlobInfo copySource(S3Request r, S3Credential credential) {
    String raw = r.header("x-amz-copy-source");
    int q = raw.indexOf('?');
    if (q >= 0) {
      String query = raw.substring(q + 1);
      if (query.startsWith("versionId=") && !query.equals("versionId=null")) {
        throw S3Exception.notImplemented("copying a version other than null");
      }
      raw = raw.substring(0, q);
    }
    String src = S3Request.decode(raw.startsWith("/") ? raw.substring(1) : raw);
    int slash = src.indexOf('/');
    if (slash <= 0 || slash == src.length() - 1) {
      throw S3Exception.invalidArgument(
          "Copy Source must mention the source bucket and key: sourcebucket/sourcekey, got '"
              + raw
              + "'");
    }
    String bucket = src.substring(0, slash);
    String key = src.substring(slash + 1);
    if (!credential.reaches(bucket)) {
      throw S3Exception.accessDenied(
          "Access Denied: access key "
              + credential.accessKey()
              + " does not reach bucket "
              + bucket);
    }
    return info(bucket, key);
  }

  BlobInfo info(String bucket, String key) {
    try {
      return store.store.info(BlobRef.key(bucket, key));
    } catch (BlobNotFoundException e) {
      requireBucket(bucket);
      throw S3Exception.noSuchKey(bucket, key);
    }
  }

  void requireBucket(String bucket) {
    if (store.bucket(bucket).isEmpty()) {
      throw S3Exception.noSuchBucket(bucket);
    }
  }

  static Map<String, Object> metaHeaders(S3Request r) {
    Map<String, Object> meta = new LinkedHashMap<>();
    for (HttpField f : r.jetty.getHeaders()) {
      String name = f.getLowerCaseName();
      if (name.startsWith(META) && name.length() > META.length()) {
        meta.put(name.substring(META.length()), f.getValue());
      }
    }
    return meta;
  }

  static String quote(String etag) {
    return "\"" + etag + "\"";
  }
}
