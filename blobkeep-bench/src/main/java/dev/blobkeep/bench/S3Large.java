package dev.blobkeep.bench;

import dev.blobkeep.PutOptions;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code s3-large-get} and {@code s3-large-put}: the large file ({@link LargeData}) through the
 * server's S3 port, beside the same bytes through its own HTTP API ({@code http-api}). A put goes
 * to S3 as a multipart upload of {@value #PART_MIB} MiB parts (the default part size of awscli and
 * the AWS SDKs), {@value #PARTS_IN_FLIGHT} in flight at a time as rclone sends them by default
 * (awscli and boto3 send 10), and to the API as one streamed PUT, which cannot be split; a get is
 * one GET, its body read and dropped by the client on both sides. Each round's object is deleted
 * after it.
 */
final class S3Large extends Workload {
  static final int PART_MIB = 8;
  static final int PARTS_IN_FLIGHT = 4;
  private static final Pattern UPLOAD_ID = Pattern.compile("<UploadId>([^<]+)</UploadId>");
  private static final Pattern ETAG = Pattern.compile("\"[0-9a-f]{32}\"");

  private final LargeData data;
  private final Path dir;
  private final boolean put;
  private S3Endpoint endpoint;
  private final ExecutorService senders = Executors.newFixedThreadPool(PARTS_IN_FLIGHT);

  S3Large(LargeData data, Path dir, boolean put) {
    super(put ? "s3-large-put" : "s3-large-get", "MB/s");
    this.data = data;
    this.dir = dir;
    this.put = put;
  }

  @Override
  void setUp() throws Exception {
    endpoint = new S3Endpoint(dir.resolve(name() + ".db"));
    endpoint.store().createBucket("large");
    if (!put) {
      endpoint.store().put(data.file(), PutOptions.at("large", "large").computeMd5());
    }
  }

  @Override
  List<Contender> contenders() {
    return List.of(
        new Contender(Contender.OURS, round -> put ? s3Put() : s3Get()),
        new Contender("http-api", round -> put ? apiPut() : apiGet()));
  }

  private double s3Get() throws Exception {
    Settle.primeMemory(dir, data.size());
    long t0 = System.nanoTime();
    long n = endpoint.drain(endpoint.s3("GET", "/large/large", "", S3Signer.EMPTY).GET().build());
    return rate(n, t0);
  }

  private double apiGet() throws Exception {
    Settle.primeMemory(dir, data.size());
    long t0 = System.nanoTime();
    long n = endpoint.drain(endpoint.api("/b/large/large").GET().build());
    return rate(n, t0);
  }

  private double apiPut() throws Exception {
    Settle.primeMemory(dir, data.size());
    long t0 = System.nanoTime();
    endpoint.send(
        endpoint.api("/b/large/api").PUT(HttpRequest.BodyPublishers.ofFile(data.file())).build());
    double mbps = rate(data.size(), t0);
    endpoint.store().delete(dev.blobkeep.BlobRef.key("large", "api"));
    return mbps;
  }

  private double s3Put() throws Exception {
    Settle.primeMemory(dir, data.size());
    long t0 = System.nanoTime();
    String path = "/large/s3";
    String created =
        endpoint.send(
            endpoint
                .s3("POST", path, "uploads=", S3Signer.EMPTY)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    Matcher m = UPLOAD_ID.matcher(created);
    if (!m.find()) {
      throw new IllegalStateException("no UploadId in " + created);
    }
    String id = m.group(1);
    long part = PART_MIB * 1024L * 1024;
    int parts = (int) ((data.size() + part - 1) / part);
    List<Future<String>> sent = new ArrayList<>();
    try (FileChannel in = FileChannel.open(data.file())) {
      for (int i = 0; i < parts; i++) {
        int number = i + 1;
        long at = i * part;
        int n = (int) Math.min(part, data.size() - at);
        sent.add(
            senders.submit(
                () -> {
                  byte[] buffer = new byte[n];
                  ByteBuffer b = ByteBuffer.wrap(buffer);
                  while (b.hasRemaining()) {
                    in.read(b, at + b.position());
                  }
                  String query = "partNumber=" + number + "&uploadId=" + id;
                  HttpRequest request =
                      endpoint
                          .s3("PUT", path, query, S3Signer.UNSIGNED)
                          .PUT(HttpRequest.BodyPublishers.ofByteArray(buffer))
                          .build();
                  return etag(endpoint.sendForETag(request));
                }));
      }
      List<String> etags = new ArrayList<>();
      for (Future<String> f : sent) {
        etags.add(f.get());
      }
      complete(path, id, etags);
    }
    double mbps = rate(data.size(), t0);
    long stored = endpoint.store().info(dev.blobkeep.BlobRef.key("large", "s3")).size();
    if (stored != data.size()) {
      throw new IllegalStateException("stored " + stored + " bytes of " + data.size());
    }
    endpoint.store().delete(dev.blobkeep.BlobRef.key("large", "s3"));
    return mbps;
  }

  private void complete(String path, String id, List<String> etags) throws Exception {
    StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
    for (int i = 0; i < etags.size(); i++) {
      xml.append("<Part><PartNumber>")
          .append(i + 1)
          .append("</PartNumber><ETag>")
          .append(etags.get(i))
          .append("</ETag></Part>");
    }
    xml.append("</CompleteMultipartUpload>");
    byte[] body = xml.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    endpoint.send(
        endpoint
            .s3("POST", path, "uploadId=" + id, S3Signer.sha256(body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  private static String etag(String header) {
    if (header == null || !ETAG.matcher(header).matches()) {
      throw new IllegalStateException("UploadPart answered ETag " + header);
    }
    return header;
  }

  private double rate(long bytes, long t0) {
    if (bytes != data.size()) {
      throw new IllegalStateException("moved " + bytes + " bytes of " + data.size());
    }
    return bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
  }

  @Override
  String settings() {
    return String.format(
        Locale.ROOT,
        "one %d MiB object per round through one server over one SQLite store (default, durable"
            + " options), one JDK HttpClient; blobkeep: the S3 port, Signature V4 header auth, %s;"
            + " http-api: the server's own API, %s",
        data.size() >> 20,
        put
            ? "CreateMultipartUpload, "
                + PART_MIB
                + " MiB parts (UNSIGNED-PAYLOAD), "
                + PARTS_IN_FLIGHT
                + " in flight at a time, CompleteMultipartUpload"
            : "one GetObject, body read and dropped",
        put ? "one streamed PUT" : "one GET, body read and dropped");
  }

  /**
   * For puts, each side once before the first round: both sides write into the same store file, and
   * the first object ever written grows it by the object's size, which every later round finds
   * already there (each round's object is deleted after it). blobkeep goes first in round 1, so
   * without the warm-up its first round alone paid for the growth: the lowest of the five in 11 of
   * 15 runs of 2026-12-01 (0.41-0.73x) and in 7 of 8 of 2026-12-02 (0.42-0.76x).
   */
  @Override
  boolean warmUp() {
    return put;
  }

  @Override
  public void close() {
    senders.shutdownNow();
    if (endpoint != null) {
      endpoint.close();
    }
  }
}
