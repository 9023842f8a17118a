package dev.blobkeep.server.s3;

/**
 * What the S3 port reports of each request, for the server's access log and metrics: {@link
 * #started()} when a request arrives, {@link #finished} once it is answered (or failed).
 * Implementations must be thread-safe and fast: they run on every request's thread.
 */
public interface RequestLog {
  /** Reports nothing. */
  RequestLog NONE =
      new RequestLog() {
        @Override
        public void started() {}

        @Override
        public void finished(
            String method, String rawPath, int status, long bytesIn, long bytesOut, long nanos) {}
      };

  /** A request arrived. */
  void started();

  /**
   * A request was answered.
   *
   * @param rawPath the path as sent, without the query string (which may hold a presigned URL's
   *     signature)
   * @param bytesIn request body bytes read, as sent (aws-chunked framing included)
   * @param bytesOut response body bytes written
   * @param nanos time from arrival to answer
   * @param method the request's method
   * @param status the status answered
   */
  void finished(String method, String rawPath, int status, long bytesIn, long bytesOut, long nanos);
}
