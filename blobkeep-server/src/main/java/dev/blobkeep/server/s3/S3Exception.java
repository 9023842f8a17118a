package dev.blobkeep.server.s3;

/**
 * A failure answered as S3's XML error: the HTTP status, the S3 error code ({@code NoSuchKey},
 * {@code SignatureDoesNotMatch}) and a one-line message naming the values involved.
 */
final class S3Exception extends RuntimeException {
  private final int status;
  private final String code;

  S3Exception(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  static S3Exception accessDenied(String message) {
    return new S3Exception(403, "AccessDenied", message);
  }

  static S3Exception invalidArgument(String message) {
    return new S3Exception(400, "InvalidArgument", message);
  }

  static S3Exception noSuchBucket(String bucket) {
    return new S3Exception(404, "NoSuchBucket", "The specified bucket does not exist: " + bucket);
  }

  static S3Exception noSuchKey(String bucket, String key) {
    return new S3Exception(
        404, "NoSuchKey", "The specified key does not exist: " + bucket + "/" + key);
  }

  static S3Exception notImplemented(String what) {
    return new S3Exception(
        501, "NotImplemented", what + " is not implemented by blobkeep's S3 endpoint");
  }

  static S3Exception malformedXml(String why) {
    return new S3Exception(
        400,
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published"
            + " schema: "
            + why);
  }
}
