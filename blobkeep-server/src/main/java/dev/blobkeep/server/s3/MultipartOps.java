package dev.blobkeep.server.s3;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.Page;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StagedBlobNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.w3c.dom.Element;

/**
 * Multipart uploads over the store's staged blobs. The upload (key, content type, user fields) is a
 * staged zero-length blob of the bucket and each part a staged blob, their user fields naming the
 * upload and the part number: several servers over one store share them, a restart loses nothing,
 * and gc removes abandoned ones. Complete composes the parts in one short transaction, without
 * copying the bytes when the parts hold whole chunks.
 */
final class MultipartOps {
  static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  static final String KIND = "s3_kind";
  static final String UPLOAD = "s3_upload";
  private static final String PART = "s3_part";
  private static final String KEY = "s3_key";
  private static final String TYPE = "s3_content_type";
  private static final String USER = "s3_meta";

  private final ObjectStore store;

  MultipartOps(ObjectStore store) {
    this.store = store;
  }

  void create(Exchange ex) throws IOException {
    S3Request r = ex.req;
    if (store.bucket(r.bucket).isEmpty()) {
      throw S3Exception.noSuchBucket(r.bucket);
    }
    // Time first: the uploads of one key list in the order they began, as S3 lists them.
    String id =
        String.format(Locale.ROOT, "%012x", System.currentTimeMillis())
            + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put(KIND, "upload");
    meta.put(UPLOAD, id);
    meta.put(KEY, r.key);
    if (r.header("Content-Type") != null) {
      meta.put(TYPE, r.header("Content-Type"));
    }
    meta.put(USER, Json.write(ObjectOps.metaHeaders(r)));
    store.store.stage(InputStream.nullInputStream(), 0, PutOptions.in(r.bucket).meta(meta));
    ex.xml(
        Xml.doc("InitiateMultipartUploadResult")
            .el("Bucket", r.bucket)
            .el("Key", r.key)
            .el("UploadId", id)
            .end("InitiateMultipartUploadResult"));
  }

  /**
   * UploadPart and UploadPartCopy: stores the part as a staged blob, replacing an earlier part of
   * the same number once it is stored. The part is staged without waiting for the disk ({@link
   * dev.blobkeep.Blobs#stage}): Complete's commit makes every part durable before the object is
   * acknowledged. So a part answered 200 may be gone after an operating-system crash or a power
   * cut, and on PostgreSQL after any crash of the PostgreSQL server (an immediate shutdown, a
   * backend killed); a crash of the blobkeep process alone loses none. Complete then answers
   * InvalidPart naming it, and nothing of the upload becomes visible. An object Complete answered
   * 200 for is durable (on a store opened durable).
   */
  void uploadPart(Exchange ex) throws IOException {
    S3Request r = ex.req;
    String id = r.param("uploadId");
    upload(r.bucket, r.key, id);
    int number = partNumber(r.param("partNumber"));
    // The MD5 is the part's ETag; its SHA-256 would not be kept (Complete's of several parts is
    // stale), so it is not computed.
    PutOptions target =
        PutOptions.in(r.bucket)
            .meta(Map.of(KIND, "part", UPLOAD, id, PART, String.valueOf(number)))
            .computeMd5()
            .skipSha256();
    // Only this number's earlier parts: listing every part for each one would make an upload of
    // n parts read n^2/2 rows.
    List<BlobInfo> earlier =
        staged(r.bucket, Map.of(KIND, "part", UPLOAD, id, PART, String.valueOf(number)));
    BlobInfo info;
    if (r.header("x-amz-copy-source") != null) {
      ObjectOps objects = new ObjectOps(store);
      BlobInfo source = objects.copySource(r, ex.auth.credential());
      Conditions.checkCopyConditions(r, source);
      long first = 0;
      long length = source.size();
      String range = r.header("x-amz-copy-source-range");
      if (range != null) {
        long[] fl = Conditions.range(range, source.size());
        if (fl == null) {
          throw S3Exception.invalidArgument(
              "x-amz-copy-source-range '" + range + "' is not bytes=first-last");
        }
        first = fl[0];
        length = fl[1] - fl[0] + 1;
      }
      try (InputStream in = store.open(source.ref(), first, length)) {
        info = store.store.stage(new CheckedBody(in, length), length, target);
      }
      dropAll(earlier);
      ex.xml(
          Xml.doc("CopyPartResult")
              .el("LastModified", Xml.time(info.updated()))
              .el("ETag", ObjectOps.quote(ObjectStore.etag(info)))
              .end("CopyPartResult"));
      return;
    }
    CheckedBody body = Bodies.open(ex);
    info = store.store.stage(body, -1, target);
    // A part sent again replaces the earlier one, once the new one is stored.
    dropAll(earlier);
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
    Map<Integer, List<BlobInfo>> parts = parts(r.bucket, id);
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
      List<BlobInfo> sent = parts.get(number);
      BlobInfo p = sent == null ? null : sent.get(sent.size() - 1);
      String etag = Xml.text(e, "ETag");
      if (p == null || etag == null || !Conditions.etagMatches(etag, ObjectStore.etag(p))) {
        throw invalidPart(number, etag);
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
    PutOptions target =
        PutOptions.at(r.bucket, r.key).meta(Json.read((String) upload.meta(USER))).etag(etag);
    if (upload.meta(TYPE) instanceof String t) {
      target = target.contentType(t);
    }
    // The upload's record goes first, as a part of no bytes: the compose consumes it in the same
    // transaction as the parts, so that once Complete succeeds the upload is gone for a concurrent
    // Abort (NoSuchUpload), and once an Abort or gc has removed it no Complete can succeed.
    List<BlobRef> refs = new ArrayList<>();
    refs.add(upload.ref());
    for (BlobInfo p : chosen) {
      refs.add(p.ref());
    }
    BlobInfo info;
    try {
      info = store.store.compose(refs, target);
    } catch (StagedBlobNotFoundException e) {
      // Something removed since it was listed. The record, by a concurrent Abort, Complete or gc
      // (each removes it before any part): NoSuchUpload, as S3 answers. Only a part, by its number
      // sent again meanwhile, which replaced it: InvalidPart naming it.
      upload(r.bucket, r.key, id);
      int i = e.part() - 2;
      if (i < 0) {
        throw noSuchUpload(id);
      }
      throw invalidPart(numbers.get(i), Xml.text(asked.get(i), "ETag"));
    } catch (BlobkeepException e) {
      // A copy of unaligned parts that lost one to a concurrent Abort or gc fails otherwise.
      upload(r.bucket, r.key, id);
      throw e;
    }
    // The record and the chosen parts are consumed; what remains are parts left out of the list
    // and earlier copies of a number sent again, all in the listing made above.
    Set<String> consumed = new HashSet<>();
    chosen.forEach(p -> consumed.add(p.id()));
    for (List<BlobInfo> sent : parts.values()) {
      dropAll(sent.stream().filter(p -> !consumed.contains(p.id())).toList());
    }
    ex.xml(
        Xml.doc("CompleteMultipartUploadResult")
            .el("Location", "/" + r.bucket + "/" + r.key)
            .el("Bucket", r.bucket)
            .el("Key", r.key)
            .el("ETag", ObjectOps.quote(ObjectStore.etag(info)))
            .end("CompleteMultipartUploadResult"));
  }

  /**
   * Removes the upload: its record first, so that from then on the upload does not exist for any
   * request (a Complete that loses a part to this answers NoSuchUpload), then its parts. Parts left
   * by a crash between the two, or staged by an UploadPart that checked the record just before it
   * went, are staged blobs that gc removes when they expire.
   */
  void abort(Exchange ex) {
    String id = ex.req.param("uploadId");
    dropAll(List.of(upload(ex.req.bucket, ex.req.key, id)));
    for (List<BlobInfo> sent : parts(ex.req.bucket, id).values()) {
      dropAll(sent);
    }
    ex.empty(204);
  }

  void listParts(Exchange ex) throws IOException {
    S3Request r = ex.req;
    String id = r.param("uploadId");
    upload(r.bucket, r.key, id);
    String markerText = r.param("part-number-marker");
    int marker = markerText == null || markerText.equals("0") ? 0 : partNumber(markerText);
    int max = ListOps.maxKeys(r.param("max-parts"), "max-parts");
    List<BlobInfo> shown = new ArrayList<>();
    boolean truncated = false;
    int last = marker;
    for (var e : parts(r.bucket, id).entrySet()) {
      if (e.getKey() <= marker) {
        continue;
      }
      if (shown.size() == max) {
        truncated = true;
        break;
      }
      shown.add(e.getValue().get(e.getValue().size() - 1));
      last = e.getKey();
    }
    Xml x =
        Xml.doc("ListPartsResult")
            .el("Bucket", r.bucket)
            .el("Key", r.key)
            .el("UploadId", id)
            .el("PartNumberMarker", marker)
            .el("NextPartNumberMarker", last)
            .el("MaxParts", max)
            .el("IsTruncated", truncated);
    for (BlobInfo p : shown) {
      x.open("Part")
          .el("PartNumber", p.meta(PART))
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
    List<UploadList.Upload> uploads = new ArrayList<>();
    for (BlobInfo u : staged(r.bucket, Map.of(KIND, "upload"))) {
      if (u.meta(KEY) instanceof String key && u.meta(UPLOAD) instanceof String id) {
        uploads.add(new UploadList.Upload(key, id, u.created()));
      }
    }
    ex.xml(UploadList.xml(r, uploads));
  }

  /** The upload record, or NoSuchUpload. */
  private BlobInfo upload(String bucket, String key, String id) {
    if (id == null || !id.matches("[0-9a-f]{32}")) {
      throw noSuchUpload(id);
    }
    if (store.bucket(bucket).isEmpty()) {
      throw S3Exception.noSuchBucket(bucket);
    }
    for (BlobInfo u : staged(bucket, Map.of(KIND, "upload", UPLOAD, id))) {
      if (key.equals(u.meta(KEY))) {
        return u;
      }
    }
    throw noSuchUpload(id);
  }

  /** The staged parts of an upload by part number, each number's parts oldest first. */
  private Map<Integer, List<BlobInfo>> parts(String bucket, String id) {
    Map<Integer, List<BlobInfo>> out = new TreeMap<>();
    for (BlobInfo p : staged(bucket, Map.of(KIND, "part", UPLOAD, id))) {
      int n = Integer.parseInt((String) p.meta(PART));
      out.computeIfAbsent(n, k -> new ArrayList<>()).add(p);
    }
    return out;
  }

  private List<BlobInfo> staged(String bucket, Map<String, String> meta) {
    List<BlobInfo> out = new ArrayList<>();
    String after = null;
    while (true) {
      Page<BlobInfo> page = store.store.listStaged(bucket, meta, after, 1000);
      out.addAll(page.items());
      if (!page.hasMore()) {
        return out;
      }
      after = page.nextCursor();
    }
  }

  private void dropAll(List<BlobInfo> blobs) {
    if (blobs == null) {
      return;
    }
    for (BlobInfo b : blobs) {
      try {
        store.store.delete(b.ref());
      } catch (BlobNotFoundException e) {
        // Removed by a concurrent abort or complete.
      }
    }
  }

  private static S3Exception invalidPart(int number, String etag) {
    return new S3Exception(
        400,
        "InvalidPart",
        "One or more of the specified parts could not be found or its entity tag did not"
            + " match: part "
            + number
            + " ETag "
            + etag);
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

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is not available", e);
    }
  }
}
