package dev.blobkeep.server.s3;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.w3c.dom.Element;

/**
 * Multipart uploads. The upload (bucket, key, content type, user fields) is a zero-length blob and
 * each part a blob, all in {@value ObjectStore#SYSTEM_BUCKET}, so that several servers over one
 * store share them and a restart loses nothing. Complete copies the parts into the target.
 */
final class MultipartOps {
  static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  private static final String UPLOAD = "upload/";
  private static final String PART = "part/";

  private final ObjectStore store;

  MultipartOps(ObjectStore store) {
    this.store = store;
  }

  void create(Exchange ex) throws IOException {
    S3Request r = ex.req;
    if (store.bucket(r.bucket).isEmpty()) {
      throw S3Exception.noSuchBucket(r.bucket);
    }
    String id = UUID.randomUUID().toString().replace("-", "");
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("key", r.key);
    meta.put("content_type", r.header("Content-Type"));
    meta.put("user", dev.blobkeep.server.s3.Json.write(ObjectOps.metaHeaders(r)));
    store.store.put(
        new byte[0], PutOptions.at(ObjectStore.SYSTEM_BUCKET, uploadKey(r.bucket, id)).meta(meta));
    ex.xml(
        Xml.doc("InitiateMultipartUploadResult")
            .el("Bucket", r.bucket)
            .el("Key", r.key)
            .el("UploadId", id)
            .end("InitiateMultipartUploadResult"));
  }

  void uploadPart(Exchange ex) throws IOException {
    S3Request r = ex.req;
    String id = r.param("uploadId");
    upload(r.bucket, r.key, id);
    int number = partNumber(r.param("partNumber"));
    PutOptions target = PutOptions.at(ObjectStore.SYSTEM_BUCKET, partKey(id, number));
    BlobInfo info;
    if (r.header("x-amz-copy-source") != null) {
      ObjectOps objects = new ObjectOps(store);
      BlobInfo source = objects.copySource(r, ex.auth.credential());
      ObjectOps.checkCopyConditions(r, source);
      long first = 0;
      long length = source.size();
      String range = r.header("x-amz-copy-source-range");
      if (range != null) {
        long[] fl = ObjectOps.range(range, source.size());
        if (fl == null) {
          throw S3Exception.invalidArgument(
              "x-amz-copy-source-range '" + range + "' is not bytes=first-last");
        }
        first = fl[0];
        length = fl[1] - fl[0] + 1;
      }
      try (InputStream in = store.open(source.ref(), first, length)) {
        info = store.put(new CheckedBody(in, length), target, null);
      }
      ex.xml(
          Xml.doc("CopyPartResult")
              .el("LastModified", Xml.time(info.updated()))
              .el("ETag", ObjectOps.quote(ObjectStore.etag(info)))
              .end("CopyPartResult"));
      return;
    }
    CheckedBody body = Bodies.open(ex);
    info = store.put(body, target, null);
    ex.header("ETag", ObjectOps.quote(ObjectStore.etag(info)));
    for (var f : r.jetty.getHeaders()) {
      if (f.getLowerCaseName().startsWith("x-amz-checksum-")) {
        ex.header(f.getName(), f.getValue());
      }
    }
    ex.empty(200);
  }

  void complete(Exchange ex) throws IOException {
    S3Request r = ex.req;
    String id = r.param("uploadId");
    BlobInfo upload = upload(r.bucket, r.key, id);
    Element root;
    try (CheckedBody body = Bodies.open(ex)) {
      root = Xml.parse(body);
      body.transferTo(java.io.OutputStream.nullOutputStream());
    }
    List<Element> asked = Xml.children(root, "Part");
    if (!Xml.localName(root).equals("CompleteMultipartUpload") || asked.isEmpty()) {
      throw S3Exception.malformedXml("CompleteMultipartUpload needs at least one Part");
    }
    Map<Integer, BlobInfo> parts = new LinkedHashMap<>();
    for (BlobInfo p : store.keys(ObjectStore.SYSTEM_BUCKET, PART + id + "/")) {
      parts.put(Integer.parseInt(p.key().substring(p.key().lastIndexOf('/') + 1)), p);
    }
    // The order is checked over the whole list before any part is looked at, as S3 does.
    List<Integer> numbers = new ArrayList<>();
    for (Element e : asked) {
      int number = partNumber(Xml.text(e, "PartNumber"));
      if (!numbers.isEmpty() && number <= numbers.get(numbers.size() - 1)) {
        throw new S3Exception(
            400,
            "InvalidPartOrder",
            "The list of parts was not in ascending order: part "
                + number
                + " after "
                + numbers.get(numbers.size() - 1));
      }
      numbers.add(number);
    }
    List<BlobInfo> chosen = new ArrayList<>();
    MessageDigest md5s = md5();
    for (int i = 0; i < asked.size(); i++) {
      Element e = asked.get(i);
      int number = numbers.get(i);
      BlobInfo p = parts.get(number);
      String etag = Xml.text(e, "ETag");
      if (p == null || etag == null || !ObjectOps.etagMatches(etag, ObjectStore.etag(p))) {
        throw new S3Exception(
            400,
            "InvalidPart",
            "One or more of the specified parts could not be found or its entity tag did not"
                + " match: part "
                + number
                + " ETag "
                + etag);
      }
      if (i < asked.size() - 1 && p.size() < MIN_PART_SIZE) {
        throw new S3Exception(
            400,
            "EntityTooSmall",
            "Your proposed upload is smaller than the minimum allowed object size: part "
                + number
                + " is "
                + p.size()
                + " bytes, at least "
                + MIN_PART_SIZE
                + " are needed for all parts but the last");
      }
      md5s.update(HexFormat.of().parseHex(ObjectStore.etag(p)));
      chosen.add(p);
    }
    String etag = HexFormat.of().formatHex(md5s.digest()) + "-" + chosen.size();
    List<InputStream> streams = new ArrayList<>();
    long total = 0;
    for (BlobInfo p : chosen) {
      streams.add(new LazyStream(store, p));
      total += p.size();
    }
    PutOptions target =
        PutOptions.at(r.bucket, r.key).meta(Json.read((String) upload.meta("user")));
    Object type = upload.meta("content_type");
    if (type instanceof String t) {
      target = target.contentType(t);
    }
    BlobInfo info;
    try (InputStream all = new SequenceInputStream(Collections.enumeration(streams))) {
      info = store.put(new CheckedBody(all, total), target, etag);
    }
    removeUpload(r.bucket, id);
    ex.xml(
        Xml.doc("CompleteMultipartUploadResult")
            .el("Location", "/" + r.bucket + "/" + r.key)
            .el("Bucket", r.bucket)
            .el("Key", r.key)
            .el("ETag", ObjectOps.quote(ObjectStore.etag(info)))
            .end("CompleteMultipartUploadResult"));
  }

  void abort(Exchange ex) {
    upload(ex.req.bucket, ex.req.key, ex.req.param("uploadId"));
    removeUpload(ex.req.bucket, ex.req.param("uploadId"));
    ex.empty(204);
  }

  void listParts(Exchange ex) throws IOException {
    S3Request r = ex.req;
    String id = r.param("uploadId");
    upload(r.bucket, r.key, id);
    int marker =
        r.param("part-number-marker") == null ? 0 : partNumber(r.param("part-number-marker"));
    int max = ListOps.maxKeys(r.param("max-parts"), "max-parts");
    Xml x =
        Xml.doc("ListPartsResult")
            .el("Bucket", r.bucket)
            .el("Key", r.key)
            .el("UploadId", id)
            .el("PartNumberMarker", marker)
            .el("MaxParts", max);
    int count = 0;
    int last = marker;
    boolean truncated = false;
    StringBuilder unused = new StringBuilder();
    List<BlobInfo> parts = store.keys(ObjectStore.SYSTEM_BUCKET, PART + id + "/");
    List<BlobInfo> shown = new ArrayList<>();
    for (BlobInfo p : parts) {
      int n = Integer.parseInt(p.key().substring(p.key().lastIndexOf('/') + 1));
      if (n <= marker) {
        continue;
      }
      if (count == max) {
        truncated = true;
        break;
      }
      shown.add(p);
      count++;
      last = n;
    }
    x.el("NextPartNumberMarker", last).el("IsTruncated", truncated);
    for (BlobInfo p : shown) {
      x.open("Part")
          .el("PartNumber", Integer.parseInt(p.key().substring(p.key().lastIndexOf('/') + 1)))
          .el("LastModified", Xml.time(p.updated()))
          .el("ETag", ObjectOps.quote(ObjectStore.etag(p)))
          .el("Size", p.size())
          .close("Part");
    }
    ex.xml(x.end("ListPartsResult"));
  }

  void listUploads(Exchange ex) throws IOException {
    S3Request r = ex.req;
    if (store.bucket(r.bucket).isEmpty()) {
      throw S3Exception.noSuchBucket(r.bucket);
    }
    String prefix = r.param("prefix") == null ? "" : r.param("prefix");
    Xml x =
        Xml.doc("ListMultipartUploadsResult")
            .el("Bucket", r.bucket)
            .el("KeyMarker", "")
            .el("UploadIdMarker", "")
            .el("Prefix", prefix)
            .el("MaxUploads", 1000)
            .el("IsTruncated", false);
    for (BlobInfo u : store.keys(ObjectStore.SYSTEM_BUCKET, UPLOAD + r.bucket + "/")) {
      BlobInfo full = store.store.info(u.ref());
      String key = (String) full.meta("key");
      if (key == null || !key.startsWith(prefix)) {
        continue;
      }
      x.open("Upload")
          .el("Key", key)
          .el("UploadId", u.key().substring(u.key().lastIndexOf('/') + 1))
          .el("Initiated", Xml.time(u.created()))
          .el("StorageClass", "STANDARD")
          .close("Upload");
    }
    ex.xml(x.end("ListMultipartUploadsResult"));
  }

  private BlobInfo upload(String bucket, String key, String id) {
    if (id == null || !id.matches("[0-9a-f]{32}")) {
      throw noSuchUpload(id);
    }
    try {
      BlobInfo u = store.store.info(BlobRef.key(ObjectStore.SYSTEM_BUCKET, uploadKey(bucket, id)));
      if (!key.equals(u.meta("key"))) {
        throw noSuchUpload(id);
      }
      return u;
    } catch (BlobNotFoundException e) {
      throw noSuchUpload(id);
    }
  }

  private void removeUpload(String bucket, String id) {
    for (BlobInfo p : store.keys(ObjectStore.SYSTEM_BUCKET, PART + id + "/")) {
      try {
        store.store.delete(p.ref());
      } catch (BlobNotFoundException e) {
        // Removed by a concurrent abort or complete.
      }
    }
    try {
      store.store.delete(BlobRef.key(ObjectStore.SYSTEM_BUCKET, uploadKey(bucket, id)));
    } catch (BlobNotFoundException e) {
      // Likewise.
    }
  }

  private static S3Exception noSuchUpload(String id) {
    return new S3Exception(
        404,
        "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have"
            + " been aborted or completed: "
            + id);
  }

  private static int partNumber(String text) {
    try {
      int n = Integer.parseInt(text == null ? "" : text.strip());
      if (n >= 1 && n <= 10_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw S3Exception.invalidArgument(
        "Part number must be an integer between 1 and 10000, inclusive: got " + text);
  }

  private static String uploadKey(String bucket, String id) {
    return UPLOAD + bucket + "/" + id;
  }

  private static String partKey(String id, int number) {
    return PART + id + "/" + String.format(Locale.ROOT, "%05d", number);
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is not available", e);
    }
  }

  /** Opens a part's stream when first read, so that only one part is open at a time. */
  private static final class LazyStream extends InputStream {
    private final ObjectStore store;
    private final BlobInfo part;
    private InputStream in;

    LazyStream(ObjectStore store, BlobInfo part) {
      this.store = store;
      this.part = part;
    }

    private InputStream in() {
      if (in == null) {
        in = store.open(part.ref(), 0, part.size());
      }
      return in;
    }

    @Override
    public int read() throws IOException {
      return in().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }
}
