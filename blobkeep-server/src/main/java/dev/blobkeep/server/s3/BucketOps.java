package dev.blobkeep.server.s3;

import java.io.IOException;

/** ListBuckets, CreateBucket, HeadBucket, DeleteBucket and GetBucketLocation. */
final class BucketOps {
  static final String OWNER_ID = "blobkeep";

  private final ObjectStore store;
  private final String region;

  BucketOps(ObjectStore store, String region) {
    this.store = store;
    this.region = region;
  }

  void list(Exchange ex) throws IOException {
    S3Credential c = ex.auth.credential();
    Xml x =
        Xml.doc("ListAllMyBucketsResult")
            .open("Owner")
            .el("ID", OWNER_ID)
            .el("DisplayName", OWNER_ID)
            .close("Owner")
            .open("Buckets");
    for (ObjectStore.Bucket b : store.buckets()) {
      if (c.reaches(b.name())) {
        x.open("Bucket").el("Name", b.name()).el("CreationDate", Xml.time(b.created()));
        x.close("Bucket");
      }
    }
    ex.xml(x.close("Buckets").end("ListAllMyBucketsResult"));
  }

  void create(Exchange ex) throws IOException {
    String bucket = ex.req.bucket;
    checkName(bucket);
    // A location body (CreateBucketConfiguration) and canned ACL headers are accepted and ignored.
    ex.rawBody().transferTo(java.io.OutputStream.nullOutputStream());
    if (!store.createBucket(bucket)) {
      throw new S3Exception(
          409,
          "BucketAlreadyOwnedByYou",
          "Your previous request to create the named bucket succeeded and you already own it: "
              + bucket);
    }
    ex.header("Location", "/" + bucket);
    ex.empty(200);
  }

  void head(Exchange ex) {
    exists(ex.req.bucket);
    ex.header("x-amz-bucket-region", region);
    ex.empty(200);
  }

  void delete(Exchange ex) {
    store.deleteBucket(ex.req.bucket);
    ex.empty(204);
  }

  void location(Exchange ex) throws IOException {
    exists(ex.req.bucket);
    // us-east-1 is written as an empty constraint, as S3 does.
    String doc =
        region.equals("us-east-1")
            ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\""
                + Xml.NS
                + "\"/>"
            : Xml.doc("LocationConstraint")
                .end("LocationConstraint")
                .replace("></", ">" + region + "</");
    ex.xml(doc);
  }

  private void exists(String bucket) {
    if (store.bucket(bucket).isEmpty()) {
      throw S3Exception.noSuchBucket(bucket);
    }
  }

  /** S3's bucket name rules: 3 to 63 of a-z 0-9 . -, starting and ending with a letter or digit. */
  static void checkName(String bucket) {
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") || bucket.contains("..")) {
      throw new S3Exception(
          400,
          "InvalidBucketName",
          "The specified bucket is not valid: '"
              + bucket
              + "' (3 to 63 characters of a-z, 0-9, '.' and '-', starting and ending with a"
              + " letter or digit)");
    }
  }
}
