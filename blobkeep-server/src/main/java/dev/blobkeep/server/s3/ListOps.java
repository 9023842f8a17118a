package dev.blobkeep.server.s3;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.Page;
import dev.blobkeep.spi.KeyOrder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/** ListObjectsV2, ListObjects (v1) and ListObjectVersions (current objects, VersionId null). */
final class ListOps {
  private static final int MAX_KEYS = 1000;

  private final ObjectStore store;

  ListOps(ObjectStore store) {
    this.store = store;
  }

  /** One page: objects and common prefixes in key order, and whether more follow. */
  record Listing(List<BlobInfo> objects, List<String> prefixes, boolean truncated, String last) {}

  /**
   * Lists keys after {@code marker} under {@code prefix}, grouped at {@code delimiter}. Reads pages
   * of the store's key index, and jumps past a common prefix rather than reading its keys: memory
   * and work are bounded by {@code max}, not by the size of the bucket.
   */
  Listing list(String bucket, String prefix, String delimiter, String marker, int max) {
    if (store.bucket(bucket).isEmpty()) {
      throw S3Exception.noSuchBucket(bucket);
    }
    String p = prefix == null ? "" : prefix;
    String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    List<BlobInfo> objects = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    if (max == 0) {
      return new Listing(objects, prefixes, false, null);
    }
    String skip = null; // the common prefix last listed: its keys are not read one by one
    if (marker != null && d != null && marker.startsWith(p)) {
      int i = marker.indexOf(d, p.length());
      if (i >= 0) {
        skip = marker.substring(0, i + d.length());
      }
    }
    String from = marker;
    boolean inclusive = false;
    String last = null;
    int limit = Math.min(max + 1, MAX_KEYS + 1);
    while (true) {
      if (skip != null && from != null && from.startsWith(skip)) {
        from = KeyOrder.successor(skip);
        inclusive = true;
        if (from == null) {
          return new Listing(objects, prefixes, false, last);
        }
      }
      Page<BlobInfo> page = store.keys(bucket, p, from, inclusive, limit);
      for (BlobInfo b : page.items()) {
        String key = b.key();
        if (skip != null && key.startsWith(skip)) {
          continue;
        }
        if (objects.size() + prefixes.size() == max) {
          return new Listing(objects, prefixes, true, last);
        }
        int at = d == null ? -1 : key.indexOf(d, p.length());
        if (at >= 0) {
          skip = key.substring(0, at + d.length());
          prefixes.add(skip);
          last = skip;
        } else {
          objects.add(b);
          last = key;
        }
      }
      if (!page.hasMore()) {
        return new Listing(objects, prefixes, false, last);
      }
      from = page.items().get(page.items().size() - 1).key();
      inclusive = false;
    }
  }

  void v2(Exchange ex) throws IOException {
    S3Request r = ex.req;
    boolean url = encoding(r);
    String token = r.param("continuation-token");
    String startAfter = r.param("start-after");
    String marker = token != null ? decodeToken(token) : startAfter;
    if (token == null && startAfter != null && startAfter.isEmpty()) {
      marker = null;
    }
    int max = maxKeys(r.param("max-keys"), "max-keys");
    Listing l = list(r.bucket, r.param("prefix"), r.param("delimiter"), marker, max);
    boolean owner = "true".equals(r.param("fetch-owner"));
    Xml x =
        head(
            "ListBucketResult",
            r,
            url,
            max,
            l,
            h ->
                h.el("KeyCount", l.objects().size() + l.prefixes().size())
                    .el("ContinuationToken", token)
                    .el("StartAfter", enc(startAfter, url)));
    if (l.truncated()) {
      x.el("NextContinuationToken", encodeToken(l.last()));
    }
    contents(x, l, url, owner);
    ex.xml(x.end("ListBucketResult"));
  }

  void v1(Exchange ex) throws IOException {
    S3Request r = ex.req;
    boolean url = encoding(r);
    int max = maxKeys(r.param("max-keys"), "max-keys");
    Listing l = listAfter(r, "marker", max);
    Xml x =
        head(
            "ListBucketResult",
            r,
            url,
            max,
            l,
            h -> h.el("Marker", enc(nz(r.param("marker")), url)));
    if (l.truncated()) {
      x.el("NextMarker", enc(l.last(), url));
    }
    contents(x, l, url, true);
    ex.xml(x.end("ListBucketResult"));
  }

  void versions(Exchange ex) throws IOException {
    S3Request r = ex.req;
    boolean url = encoding(r);
    int max = maxKeys(r.param("max-keys"), "max-keys");
    Listing l = listAfter(r, "key-marker", max);
    Xml x =
        head(
            "ListVersionsResult",
            r,
            url,
            max,
            l,
            h ->
                h.el("KeyMarker", enc(nz(r.param("key-marker")), url))
                    .el("VersionIdMarker", nz(r.param("version-id-marker"))));
    if (l.truncated()) {
      x.el("NextKeyMarker", enc(l.last(), url)).el("NextVersionIdMarker", "null");
    }
    for (BlobInfo b : l.objects()) {
      x.open("Version").el("Key", enc(b.key(), url)).el("VersionId", "null").el("IsLatest", true);
      object(x, b);
      owner(x);
      x.close("Version");
    }
    prefixes(x, l, url);
    ex.xml(x.end("ListVersionsResult"));
  }

  /** The page after the request's {@code markerParam} (an empty marker is none). */
  private Listing listAfter(S3Request r, String markerParam, int max) {
    String marker = r.param(markerParam);
    return list(
        r.bucket,
        r.param("prefix"),
        r.param("delimiter"),
        marker == null || marker.isEmpty() ? null : marker,
        max);
  }

  /** The elements every listing begins with, the listing's own {@code markers} after Prefix. */
  private static Xml head(
      String root, S3Request r, boolean url, int max, Listing l, Consumer<Xml> markers) {
    Xml x = Xml.doc(root).el("Name", r.bucket).el("Prefix", enc(nz(r.param("prefix")), url));
    markers.accept(x);
    return x.el("Delimiter", enc(r.param("delimiter"), url))
        .el("MaxKeys", max)
        .el("IsTruncated", l.truncated())
        .el("EncodingType", url ? "url" : null);
  }

  private static void object(Xml x, BlobInfo b) {
    x.el("LastModified", Xml.time(b.updated()))
        .el("ETag", ObjectOps.quote(ObjectStore.etag(b)))
        .el("Size", b.size())
        .el("StorageClass", "STANDARD");
  }

  private static void contents(Xml x, Listing l, boolean url, boolean owner) {
    for (BlobInfo b : l.objects()) {
      x.open("Contents").el("Key", enc(b.key(), url));
      object(x, b);
      if (owner) {
        owner(x);
      }
      x.close("Contents");
    }
    prefixes(x, l, url);
  }

  private static void prefixes(Xml x, Listing l, boolean url) {
    for (String p : l.prefixes()) {
      x.open("CommonPrefixes").el("Prefix", enc(p, url)).close("CommonPrefixes");
    }
  }

  private static void owner(Xml x) {
    x.open("Owner")
        .el("ID", BucketOps.OWNER_ID)
        .el("DisplayName", BucketOps.OWNER_ID)
        .close("Owner");
  }

  private static boolean encoding(S3Request r) {
    String e = r.param("encoding-type");
    if (e != null && !e.equals("url")) {
      throw S3Exception.invalidArgument("Invalid Encoding Method specified in Request: " + e);
    }
    return e != null;
  }

  static int maxKeys(String text, String name) {
    if (text == null) {
      return MAX_KEYS;
    }
    try {
      int n = Integer.parseInt(text);
      if (n < 0) {
        throw S3Exception.invalidArgument(name + " must be 0 or more, got " + text);
      }
      return Math.min(n, MAX_KEYS);
    } catch (NumberFormatException e) {
      throw S3Exception.invalidArgument(name + " '" + text + "' is not an integer");
    }
  }

  private static String enc(String s, boolean url) {
    return s == null || !url ? s : SigV4.encode(s, true);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String encodeToken(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw S3Exception.invalidArgument("The continuation token provided is incorrect: " + token);
    }
  }
}
