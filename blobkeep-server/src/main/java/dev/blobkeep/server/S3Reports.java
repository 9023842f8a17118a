package dev.blobkeep.server;

import dev.blobkeep.server.s3.RequestLog;

/**
 * Where the S3 port reports its requests: the server's access log (lines tagged {@code S3}) and the
 * {@code blobkeep_s3_*} counters of {@code /metrics}. Thread-safe.
 */
final class S3Reports implements RequestLog {
  private final Metrics metrics;
  private final AccessLog log;

  S3Reports(Metrics metrics, AccessLog log) {
    this.metrics = metrics;
    this.log = log.tagged("S3");
  }

  @Override
  public void started() {
    metrics.started();
  }

  @Override
  public void finished(
      String method, String rawPath, int status, long bytesIn, long bytesOut, long nanos) {
    metrics.bytesIn(bytesIn);
    metrics.bytesOut(bytesOut);
    metrics.finished(method, status);
    log.request(method, rawPath, status, bytesOut, nanos);
  }
}
