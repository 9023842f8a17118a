package dev.blobkeep.server.s3;

import dev.blobkeep.BlobInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** ListObjectsV2, ListObjects (v1) and ListObjectVersions (current objects, VersionId null). */
final class ListOps {
  private static final int MAX_KEYS = 1000;

  private final ObjectStore store;

  ListOps(ObjectStore store) {
    this.store = store;
  }

  /** One page: objects and common prefixes in key order, and whether more follow. */
  record Listing(List<BlobInfo> objects, List<String> prefixes, boolean truncated, String last) {}

  /** Lists keys after {@code marker} under {@code prefix}, grouped at {@code delimiter}. */
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
    String lastPrefix = null;
    if (marker != null && d != null && marker.startsWith(p)) {
      int i = marker.indexOf(d, p.length());
      if (i >= 0) {
        lastPrefix = marker.substring(0, i + d.length());
      }
    }
    String last = null;
    for (BlobInfo b : store.keys(bucket, p)) {
      String key = b.key();
      if (marker != null && ObjectStore.KEY_ORDER.compare(key, marker) <= 0) {
        continue;
      }
      if (lastPrefix != null && key.startsWith(lastPrefix)) {
        continue;
      }
      int at = d == null ? -1 : key.indexOf(d, p.length());
      if (objects.size() + prefixes.size() == max) {
        return new Listing(objects, prefixes, true, last);
      }
      if (at >= 0) {
        lastPrefix = key.substring(0, at + d.length());
        prefixes.add(lastPrefix);
        last = lastPrefix;
      } else {
        objects.add(b);
        last = key;
      }
    }
    return new Listing(objects, prefixes, false, last);
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
        Xml.doc("ListBucketResult")
            .el("Name", r.bucket)
            .el("Prefix", enc(nz(r.param("prefix")), url))
            .el("Delimiter", enc(r.param("delimiter"), url))
            .el("MaxKeys", max)
            .el("KeyCount", l.objects().size() + l.prefixes().size())
            .el("IsTruncated", l.truncated())
            .el("EncodingType", url ? "url" : null)
            .el("ContinuationToken", token)
            .el("StartAfter", enc(startAfter, url));
    if (l.truncated()) {
      x.el("NextContinuationToken", encodeToken(l.last()));
    }
    contents(x, l, url, owner);
    ex.xml(x.end("ListBucketResult"));
  }

  void v1(Exchange ex) throws IOException {
    S3Request r = ex.req;
    boolean url = encoding(r);
    String marker = r.param("marker");
    int max = maxKeys(r.param("max-keys"), "max-keys");
    Listing l =
        list(
            r.bucket,
            r.param("prefix"),
            r.param("delimiter"),
            marker == null || marker.isEmpty() ? null : marker,
            max);
    Xml x =
        Xml.doc("ListBucketResult")
            .el("Name", r.bucket)
            .el("Prefix", enc(nz(r.param("prefix")), url))
            .el("Marker", enc(nz(marker), url))
            .el("Delimiter", enc(r.param("delimiter"), url))
            .el("MaxKeys", max)
            .el("IsTruncated", l.truncated())
            .el("EncodingType", url ? "url" : null);
    if (l.truncated()) {
      x.el("NextMarker", enc(l.last(), url));
    }
    contents(x, l, url, true);
    ex.xml(x.end("ListBucketResult"));
  }

  void versions(Exchange ex) throws IOException {
    S3Request r = ex.req;
    boolean url = encoding(r);
    String marker = r.param("key-marker");
    int max = maxKeys(r.param("max-keys"), "max-keys");
    Listing l =
        list(
            r.bucket,
            r.param("prefix"),
            r.param("delimiter"),
            marker == null || marker.isEmpty() ? null : marker,
            max);
    Xml x =
        Xml.doc("ListVersionsResult")
            .el("Name", r.bucket)
            .el("Prefix", enc(nz(r.param("prefix")), url))
            .el("KeyMarker", enc(nz(marker), url))
            .el("VersionIdMarker", nz(r.param("version-id-marker")))
            .el("Delimiter", enc(r.param("delimiter"), url))
            .el("MaxKeys", max)
            .el("IsTruncated", l.truncated())
            .el("EncodingType", url ? "url" : null);
    if (l.truncated()) {
      x.el("NextKeyMarker", enc(l.last(), url)).el("NextVersionIdMarker", "null");
    }
    for (BlobInfo b : l.objects()) {
      x.open("Version")
          .el("Key", enc(b.key(), url))
          .el("VersionId", "null")
          .el("IsLatest", true)
          .el("LastModified", Xml.time(b.updated()))
          .el("ETag", ObjectOps.quote(ObjectStore.etag(b)))
          .el("Size", b.size())
          .el("StorageClass", "STANDARD");
      owner(x);
      x.close("Version");
    }
    prefixes(x, l, url);
    ex.xml(x.end("ListVersionsResult"));
  }

  private static void contents(Xml x, Listing l, boolean url, boolean owner) {
    for (BlobInfo b : l.objects()) {
      x.open("Contents")
          .el("Key", enc(b.key(), url))
          .el("LastModified", Xml.time(b.updated()))
          .el("ETag", ObjectOps.quote(ObjectStore.etag(b)))
          .el("Size", b.size())
          .el("StorageClass", "STANDARD");
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
