package dev.blobkeep.bench;

import dev.blobkeep.PutOptions;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code s3-small-get} and {@code s3-small-put}: objects of 8 to 12 KB ({@link Content}'s small
 * set) read or written by {@value #CLIENTS} concurrent clients through the server's S3 port, beside
 * the same work through its own HTTP API ({@code http-api}). Both go over one HTTP client to one
 * server and store: the ratio is the cost of S3 (Signature V4, checksums, MD5 ETag, XML) in the
 * server. A get reads a random object of the set; a put writes a new key, durable on return.
 */
final class S3Small extends Workload {
  static final int CLIENTS = 16;

  private final Content content;
  private final Path dir;
  private final boolean put;
  private final int count;
  private S3Endpoint endpoint;
  private String[] payloadHashes;

  /**
   * @param count requests per round and side
   */
  S3Small(Content content, Path dir, boolean put, int count) {
    super(put ? "s3-small-put" : "s3-small-get", "ops/s");
    this.content = content;
    this.dir = dir;
    this.put = put;
    this.count = count;
  }

  /** Requests per round: 10k, quick 2k, never fewer than 100. */
  static int count(BenchConfig config) {
    return (int) Math.max(100, Math.round((config.quick() ? 2_000 : 10_000) * config.scale()));
  }

  @Override
  void setUp() throws Exception {
    endpoint = new S3Endpoint(dir.resolve(name() + ".db"));
    int n = Math.min(content.count(), count);
    endpoint.store().createBucket("small");
    endpoint.store().createBucket("put");
    payloadHashes = new String[n];
    for (int k = 0; k < n; k++) {
      if (put) {
        payloadHashes[k] = S3Signer.sha256(content.small(k));
      } else {
        endpoint.store().put(content.small(k), PutOptions.at("small", "k" + k).computeMd5());
      }
    }
  }

  @Override
  boolean warmUp() {
    return true;
  }

  @Override
  List<Contender> contenders() {
    return List.of(
        new Contender(Contender.OURS, round -> time(round, this::s3)),
        new Contender("http-api", round -> time(round, this::api)));
  }

  private interface Call {
    long run(String key, int k) throws Exception;
  }

  private long s3(String key, int k) throws Exception {
    String path = "/" + (put ? "put/s3-" : "small/") + key;
    if (!put) {
      return endpoint.drain(endpoint.s3("GET", path, "", S3Signer.EMPTY).GET().build());
    }
    byte[] body = content.small(k);
    endpoint.send(
        endpoint
            .s3("PUT", path, "", payloadHashes[k])
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
    return body.length;
  }

  private long api(String key, int k) throws Exception {
    String path = "/b/" + (put ? "put/api-" : "small/") + key;
    if (!put) {
      return endpoint.drain(endpoint.api(path).GET().build());
    }
    byte[] body = content.small(k);
    endpoint.send(endpoint.api(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    return body.length;
  }

  /** Runs {@code count} calls on {@value #CLIENTS} threads; returns calls per second. */
  private double time(int round, Call call) throws Exception {
    int n = Math.min(content.count(), count);
    int total = round < 0 ? Math.min(count, 500) : count;
    int[] order = content.randomOrder(total, 2000L + round);
    for (int i = 0; i < total; i++) {
      order[i] %= n;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> clients = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(
            pool.submit(
                () -> {
                  for (int i; (i = next.getAndIncrement()) < total; ) {
                    String key = put ? round + "/" + i : "k" + order[i];
                    bytes.addAndGet(call.run(key, order[i]));
                  }
                  return null;
                }));
      }
      for (Future<?> f : clients) {
        f.get();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (bytes.get() < total * (long) Content.MIN_SMALL) {
        throw new IllegalStateException("moved " + bytes + " bytes in " + total + " calls");
      }
      return total / seconds;
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  String settings() {
    return String.format(
        Locale.ROOT,
        "%d %s of 8-12 KB objects per round by %d concurrent clients (one JDK HttpClient,"
            + " HTTP/1.1 keep-alive) to one server over one SQLite store (default, durable options);"
            + " blobkeep: the S3 port, Signature V4 header auth, %s; http-api: the server's own API,"
            + " no token",
        count,
        put ? "puts (new keys)" : "gets (random keys)",
        CLIENTS,
        put ? "payload SHA-256 signed and checked, MD5 ETag kept" : "GetObject");
  }

  @Override
  public void close() {
    if (endpoint != null) {
      endpoint.close();
    }
  }
}
