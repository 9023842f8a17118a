package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.Page;
import dev.blobkeep.Query;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 64 clients mixing uploads (1 KiB to 50 MiB, with and without Content-Length), whole and ranged
 * downloads and deletes for {@code blobkeep.server.soakSeconds} (default 30), with the bytes
 * uploaded bounded by {@code blobkeep.server.soakMaxBytes} (default 1.5 GiB). Nothing may be lost
 * or changed (SHA-256 of every blob, client and store side), and nothing may be left behind:
 * requests, threads, pending uploads.
 */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.Backends#names")
class ConcurrencyTest extends ServerTest {
  static final int CLIENTS = 64;
  static final int MIN_SIZE = 1024;
  static final int MAX_SIZE = 50 * 1024 * 1024;

  final Map<String, String> expected = new ConcurrentHashMap<>();
  final AtomicLong requests = new AtomicLong();
  final AtomicLong bytesUp = new AtomicLong();
  final AtomicLong bytesDown = new AtomicLong();
  final AtomicLong uploads = new AtomicLong();
  final AtomicLong downloads = new AtomicLong();
  final AtomicLong deletes = new AtomicLong();

  @Test
  void manyClientsLoseNothingAndLeakNothing() throws Exception {
    long seconds = Long.getLong("blobkeep.server.soakSeconds", 30);
    long maxBytes = Long.getLong("blobkeep.server.soakMaxBytes", 3L << 29);
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      done.add(clients.submit(() -> run(client, end, maxBytes)));
    }
    for (Future<?> f : done) {
      f.get(seconds + 300, TimeUnit.SECONDS);
    }
    clients.shutdown();
    double elapsed = (System.nanoTime() - start) / 1e9;

    // Nothing lost: exactly the blobs the clients kept, each with the bytes they sent.
    Map<String, String> stored = new java.util.HashMap<>();
    Query q = Query.bucket("soak").fields("key", "sha256").limit(Query.MAX_LIMIT);
    Page<BlobInfo> page;
    do {
      page = store.list(q);
      page.items().forEach(i -> stored.put(i.key(), i.sha256()));
      q = q.after(page.nextCursor());
    } while (page.hasMore());
    assertThat(stored).isEqualTo(expected);
    assertThat(store.verifyAll().problems()).isEmpty();

    // Nothing leaked: no request in flight, no upload left pending, no server thread after close.
    assertThat(server.requestsInFlight()).isZero();
    assertThat(store.gc().abandonedUploads()).isZero();
    String metrics = Http.text(http.get("/metrics"));
    assertThat(ListingTest.value(metrics, "blobkeep_http_received_bytes_total"))
        .isEqualTo(bytesUp.get());
    http.close();
    server.close();
    assertThat(serverThreadsGone()).as("server threads after close").isTrue();
    System.out.printf(
        "soak %s: %d clients, %.1f s, %d requests (%d uploads, %d downloads, %d deletes),"
            + " %.0f MiB up, %.0f MiB down, %.1f MiB/s, %d blobs kept%n",
        backendName,
        CLIENTS,
        elapsed,
        requests.get(),
        uploads.get(),
        downloads.get(),
        deletes.get(),
        bytesUp.get() / 1048576.0,
        bytesDown.get() / 1048576.0,
        (bytesUp.get() + bytesDown.get()) / 1048576.0 / elapsed,
        expected.size());
  }

  private void run(int client, long end, long maxBytes) {
    SplittableRandom random = new SplittableRandom(client * 7919L);
    List<String> mine = new ArrayList<>();
    int n = 0;
    try {
      while (System.nanoTime() < end) {
        double roll = random.nextDouble();
        if (roll < 0.5 && bytesUp.get() < maxBytes || expected.isEmpty()) {
          String key = "c" + client + "-" + n++;
          if (upload(key, random)) {
            mine.add(key);
          }
        } else if (roll < 0.93 || mine.isEmpty()) {
          download(random);
        } else {
          delete(mine.remove(random.nextInt(mine.size())));
        }
      }
    } catch (IOException e) {
      throw new AssertionError("client " + client + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean upload(String key, SplittableRandom random)
      throws IOException, InterruptedException {
    long size =
        (long)
            Math.exp(
                Math.log(MIN_SIZE) + random.nextDouble() * Math.log((double) MAX_SIZE / MIN_SIZE));
    if (bytesUp.get() + size > Long.getLong("blobkeep.server.soakMaxBytes", 3L << 29)) {
      return false;
    }
    long seed = random.nextLong();
    MessageDigest sha = sha();
    HttpRequest.BodyPublisher body =
        HttpRequest.BodyPublishers.ofInputStream(
            () -> new DigestInputStream(new Generated(seed, size), sha));
    if (random.nextBoolean()) {
      body = HttpRequest.BodyPublishers.fromPublisher(body, size);
    }
    HttpResponse<byte[]> r =
        http.client.send(
            http.request("/b/soak/" + key).PUT(body).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    requests.incrementAndGet();
    assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
    String hex = HexFormat.of().formatHex(sha.digest());
    assertThat(Http.json(r))
        .containsEntry("sha256", hex)
        .containsEntry("size", size < Integer.MAX_VALUE ? (Object) (int) size : size);
    bytesUp.addAndGet(size);
    uploads.incrementAndGet();
    expected.put(key, hex);
    return true;
  }

  private void download(SplittableRandom random) throws IOException, InterruptedException {
    List<String> keys = new ArrayList<>(expected.keySet());
    if (keys.isEmpty()) {
      return;
    }
    String key = keys.get(random.nextInt(keys.size()));
    String sha = expected.get(key);
    boolean ranged = random.nextInt(4) == 0;
    HttpRequest.Builder get = http.request("/b/soak/" + key).GET();
    if (ranged) {
      get.header("Range", "bytes=100-");
    }
    HttpResponse<InputStream> r =
        http.client.send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
    requests.incrementAndGet();
    MessageDigest digest = sha();
    long n;
    try (InputStream in = new DigestInputStream(r.body(), digest)) {
      n = in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      if (!expected.containsKey(key)) {
        return; // deleted by its owner while it was being read: the server broke the stream off
      }
      throw e;
    }
    if (r.statusCode() == 404 && !expected.containsKey(key)) {
      return; // deleted by its owner meanwhile
    }
    bytesDown.addAndGet(n);
    downloads.incrementAndGet();
    if (ranged) {
      assertThat(r.statusCode()).isEqualTo(206);
      return;
    }
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(HexFormat.of().formatHex(digest.digest())).as(key).isEqualTo(sha);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"" + sha + "\"");
  }

  private void delete(String key) throws IOException, InterruptedException {
    expected.remove(key);
    HttpResponse<byte[]> r =
        http.client.send(
            http.request("/b/soak/" + key).DELETE().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    requests.incrementAndGet();
    deletes.incrementAndGet();
    assertThat(r.statusCode()).isEqualTo(204);
  }

  private static boolean serverThreadsGone() throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      boolean any =
          Thread.getAllStackTraces().keySet().stream()
              .anyMatch(t -> t.isAlive() && t.getName().startsWith("blobkeep-http"));
      if (!any) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  private static MessageDigest sha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code size} pseudo-random bytes from a seed, made as they are read. */
  static final class Generated extends InputStream {
    private final SplittableRandom random;
    private long left;

    Generated(long seed, long size) {
      this.random = new SplittableRandom(seed);
      this.left = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      for (int i = 0; i < n; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8 && i + j < n; j++) {
          b[off + i + j] = (byte) (v >>> (8 * j));
        }
      }
      left -= n;
      return n;
    }
  }
}
