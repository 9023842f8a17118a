package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.Whence;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Many threads on one store: each owns some keys and checks them against its own model after every
 * operation (no lost update), and all of them put, read and write shared keys, where every read
 * must match one complete version some thread wrote (no torn blob). The only exceptions allowed are
 * the documented ones for a blob another thread replaced or deleted. Threads: {@link #threads()};
 * duration: system property {@code blobkeep.concurrency.seconds} (default 10).
 */
public abstract class ConcurrencyContract {
  private static final int CHUNK = StoreOptions.MIN_CHUNK_SIZE;

  /** A fresh, empty database; closed by the test. */
  protected abstract StoreFixture newFixture();

  protected int threads() {
    return 8;
  }

  protected StoreOptions options() {
    return StoreOptions.defaults().chunkSize(CHUNK).poolSize(threads() + 2);
  }

  @Test
  void threadsMixingEveryOperationKeepEveryInvariant() throws Exception {
    long seconds = Long.getLong("blobkeep.concurrency.seconds", 10);
    Set<String> written = ConcurrentHashMap.newKeySet();
    written.add(Bytes.sha256(new byte[0]));
    AtomicLong ops = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    try (StoreFixture fixture = newFixture();
        BlobStore store = fixture.open(options())) {
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      ExecutorService pool = Executors.newFixedThreadPool(threads());
      List<Future<Map<String, byte[]>>> results = new ArrayList<>();
      long seed = new Random().nextLong();
      System.out.println("concurrency test seed " + seed);
      for (int t = 0; t < threads(); t++) {
        int thread = t;
        results.add(
            pool.submit(
                () ->
                    work(store, thread, new Random(seed + thread), deadline, written, ops, bytes)));
      }
      pool.shutdown();
      List<Map<String, byte[]>> models = new ArrayList<>();
      for (Future<Map<String, byte[]>> f : results) {
        models.add(f.get());
      }
      for (Map<String, byte[]> model : models) {
        for (Map.Entry<String, byte[]> e : model.entrySet()) {
          BlobRef ref = BlobRef.key("c", e.getKey());
          if (e.getValue() == null) {
            assertThat(store.exists(ref)).as(e.getKey()).isFalse();
          } else {
            assertThat(store.getBytes(ref)).as(e.getKey()).isEqualTo(e.getValue());
          }
        }
      }
      for (int k = 0; k < 3; k++) {
        BlobRef shared = BlobRef.key("c", "shared" + k);
        if (store.exists(shared)) {
          assertThat(written).contains(Bytes.sha256(store.getBytes(shared)));
        }
      }
      assertThat(store.verifyAll().problems()).isEmpty();
      System.out.printf(
          Locale.ROOT,
          "concurrency: %d threads, %d s, %d operations, %d bytes moved, %.0f ops/s%n",
          threads(),
          seconds,
          ops.get(),
          bytes.get(),
          ops.get() / (double) seconds);
    }
  }

  private static Map<String, byte[]> work(
      BlobStore store,
      int thread,
      Random random,
      long deadline,
      Set<String> written,
      AtomicLong ops,
      AtomicLong bytes)
      throws IOException {
    Map<String, byte[]> model = new HashMap<>();
    while (System.nanoTime() < deadline) {
      boolean shared = random.nextInt(4) == 0;
      String key = shared ? "shared" + random.nextInt(3) : "t" + thread + "-" + random.nextInt(4);
      BlobRef ref = BlobRef.key("c", key);
      byte[] cur = model.get(key);
      int op = random.nextInt(10);
      try {
        if (op < 3) {
          byte[] data = Bytes.random(random.nextInt(3 * CHUNK + 100), random.nextLong());
          written.add(Bytes.sha256(data));
          store.put(data, PutOptions.at("c", key));
          bytes.addAndGet(data.length);
          if (!shared) {
            model.put(key, data);
          }
        } else if (op < 6) {
          if (shared) {
            if (store.exists(ref)) {
              byte[] got = store.getBytes(ref);
              bytes.addAndGet(got.length);
              assertThat(written)
                  .as("shared read matches a written version")
                  .contains(Bytes.sha256(got));
            }
          } else if (cur == null) {
            assertThat(store.exists(ref)).isFalse();
          } else {
            assertThat(store.getBytes(ref)).isEqualTo(cur);
          }
        } else if (op < 8) {
          if (shared) {
            continue; // in-place writes on shared keys would make versions nobody wrote whole
          }
          if (cur != null && cur.length > 0) {
            int off = random.nextInt(cur.length);
            byte[] src = Bytes.random(random.nextInt(cur.length - off + 1), random.nextLong());
            try (BlobChannel ch = store.open(ref, OpenMode.READ_WRITE)) {
              ch.seek(off, Whence.START);
              ch.write(src);
            }
            System.arraycopy(src, 0, cur, off, src.length);
          }
        } else if (op < 9) {
          if (!shared && cur != null) {
            store.delete(ref);
            model.put(key, null);
          }
        } else {
          List<String> keys =
              store
                  .list(Query.bucket("c").prefix("t" + thread + "-").fields("key"))
                  .items()
                  .stream()
                  .map(b -> b.key())
                  .sorted()
                  .toList();
          List<String> expected =
              model.entrySet().stream()
                  .filter(e -> e.getValue() != null)
                  .map(Map.Entry::getKey)
                  .sorted()
                  .toList();
          assertThat(keys).isEqualTo(expected);
        }
        ops.incrementAndGet();
      } catch (BlobNotFoundException | BlobExpiredException e) {
        assertThat(shared).as("only shared keys may vanish underneath: " + e.getMessage()).isTrue();
      } catch (IOException e) {
        if (!(shared && e.getCause() instanceof BlobExpiredException)) {
          throw e;
        }
      }
    }
    return model;
  }
}
