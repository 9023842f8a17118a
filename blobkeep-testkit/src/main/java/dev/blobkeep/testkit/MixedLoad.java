package dev.blobkeep.testkit;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobNotFoundException;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.Whence;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mixed operations from many threads for a fixed time, in this JVM or in a child one ({@link
 * #main}). Each thread owns keys {@code TAG-tN-kM} of bucket {@value #BUCKET} and checks them
 * against its own model after every operation (puts, in-place writes, resizes, deletes, user-field
 * updates, ranged reads, listings): a difference is a lost update. All threads of all processes
 * also put, read, stream and delete the shared keys {@code shared0..2}, whose content carries its
 * own SHA-256 in its first 32 bytes, so any reader can tell a whole version from a torn one.
 *
 * <p>The only exceptions a caller may see are {@link BlobNotFoundException} and {@link
 * BlobExpiredException} (also as the cause of a stream's {@link IOException}) on shared keys; every
 * other exception, and every message mentioning {@code SQLITE_BUSY} or {@code database is locked},
 * is recorded as a failure.
 *
 * <p>Usage as a process: {@code MixedLoad LOCATION TAG THREADS SECONDS SEED RESULTFILE}; prints
 * {@code READY} when the store is open and writes the {@link Result} to the file when done.
 */
public final class MixedLoad {
  /** The bucket every key lives in. */
  public static final String BUCKET = "mix";

  /** Shared keys, written by every thread of every process. */
  public static final int SHARED_KEYS = 3;

  private static final int KEYS_PER_THREAD = 4;
  private static final int CHUNK = StoreOptions.MIN_CHUNK_SIZE;
  private static final int HEADER = 32;

  private MixedLoad() {}

  /**
   * The outcome of a run.
   *
   * @param operations operations that completed (documented exceptions excluded)
   * @param documented documented exceptions seen on shared keys
   * @param bytesChecked content bytes read back and compared with the model or their own SHA-256
   * @param lost reads of an owned key whose bytes differed from the model, or shared reads that
   *     were torn (metadata, listing and existence mismatches are failures, not counted here)
   * @param failures every undocumented exception or difference, one line each (at most 100 kept)
   * @param finalState each owned key's expected final SHA-256, or {@code -} if it must not exist
   */
  public record Result(
      long operations,
      long documented,
      long bytesChecked,
      long lost,
      List<String> failures,
      Map<String, String> finalState) {

    /** Writes this result as lines to {@code file}. */
    void write(Path file) throws IOException {
      List<String> lines = new ArrayList<>();
      lines.add("OPS " + operations);
      lines.add("DOCUMENTED " + documented);
      lines.add("BYTES " + bytesChecked);
      lines.add("LOST " + lost);
      for (String f : failures) {
        lines.add("FAIL " + f.replace('\n', ' ').replace('\r', ' '));
      }
      for (Map.Entry<String, String> e : finalState.entrySet()) {
        lines.add("KEY " + e.getKey() + " " + e.getValue());
      }
      Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Reads a result that {@link #main} wrote. */
    public static Result read(Path file) throws IOException {
      long ops = 0;
      long documented = 0;
      long bytes = 0;
      long lost = 0;
      List<String> failures = new ArrayList<>();
      Map<String, String> state = new HashMap<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split(" ", 2);
        switch (f[0]) {
          case "OPS" -> ops = Long.parseLong(f[1]);
          case "DOCUMENTED" -> documented = Long.parseLong(f[1]);
          case "BYTES" -> bytes = Long.parseLong(f[1]);
          case "LOST" -> lost = Long.parseLong(f[1]);
          case "FAIL" -> failures.add(f[1]);
          case "KEY" -> {
            String[] kv = f[1].split(" ");
            state.put(kv[0], kv[1]);
          }
          default -> failures.add("unreadable result line: " + line);
        }
      }
      return new Result(ops, documented, bytes, lost, failures, state);
    }
  }

  /** Runs as a child process; see the class comment. */
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[2]);
    try (BlobStore store =
        BlobStore.open(args[0], StoreOptions.defaults().chunkSize(CHUNK).poolSize(threads + 2))) {
      System.out.println("READY");
      System.out.flush();
      Result r = run(store, args[1], threads, Long.parseLong(args[3]), Long.parseLong(args[4]));
      r.write(Path.of(args[5]));
    }
  }

  /** Runs {@code threads} threads on {@code store} for {@code seconds}, keys tagged {@code tag}. */
  public static Result run(BlobStore store, String tag, int threads, long seconds, long seed)
      throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    Counters counters = new Counters();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Map<String, byte[]>>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Worker w = new Worker(store, tag + "-t" + t, new Random(seed * 31 + t), counters);
      futures.add(pool.submit(() -> w.run(deadline)));
    }
    pool.shutdown();
    Map<String, String> state = new HashMap<>();
    for (Future<Map<String, byte[]>> f : futures) {
      for (Map.Entry<String, byte[]> e : f.get().entrySet()) {
        state.put(e.getKey(), e.getValue() == null ? "-" : Bytes.sha256(e.getValue()));
      }
    }
    List<String> failures = new ArrayList<>(counters.failures);
    return new Result(
        counters.ops.get(),
        counters.documented.get(),
        counters.bytes.get(),
        counters.lost.get(),
        failures.subList(0, Math.min(100, failures.size())),
        Collections.unmodifiableMap(state));
  }

  /**
   * Content for a shared key: the SHA-256 of the rest, then the rest, so that any reader can check
   * that what it read is one whole version.
   */
  static byte[] selfChecking(int length, long seed) {
    byte[] body = Bytes.random(length, seed);
    byte[] out = new byte[HEADER + length];
    System.arraycopy(sha(body), 0, out, 0, HEADER);
    System.arraycopy(body, 0, out, HEADER, length);
    return out;
  }

  /** True if {@code content} is one whole version made by {@link #selfChecking}. */
  public static boolean isWhole(byte[] content) {
    if (content.length < HEADER) {
      return false;
    }
    byte[] body = Arrays.copyOfRange(content, HEADER, content.length);
    return Arrays.equals(sha(body), Arrays.copyOf(content, HEADER));
  }

  private static byte[] sha(byte[] data) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static final class Counters {
    final AtomicLong ops = new AtomicLong();
    final AtomicLong documented = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    void fail(String what) {
      if (failures.size() < 1000) {
        failures.add(what);
      }
    }
  }

  /** One thread: its own keys and model, plus the shared keys. */
  private static final class Worker {
    private final BlobStore store;
    private final String prefix;
    private final Random random;
    private final Counters counters;
    private final Map<String, byte[]> model = new HashMap<>();
    private final Map<String, Long> metaModel = new HashMap<>();
    private long metaCounter;

    Worker(BlobStore store, String prefix, Random random, Counters counters) {
      this.store = store;
      this.prefix = prefix;
      this.random = random;
      this.counters = counters;
    }

    Map<String, byte[]> run(long deadline) {
      while (System.nanoTime() < deadline) {
        boolean shared = random.nextInt(4) == 0;
        String key =
            shared
                ? "shared" + random.nextInt(SHARED_KEYS)
                : prefix + "-k" + random.nextInt(KEYS_PER_THREAD);
        try {
          if (shared) {
            sharedOp(BlobRef.key(BUCKET, key));
          } else {
            ownOp(key, BlobRef.key(BUCKET, key));
          }
          counters.ops.incrementAndGet();
        } catch (BlobNotFoundException | BlobExpiredException e) {
          documented(shared, key, e);
        } catch (IOException e) {
          if (e.getCause() instanceof BlobExpiredException cause) {
            documented(shared, key, cause);
          } else {
            undocumented(key, e);
          }
        } catch (RuntimeException e) {
          undocumented(key, e);
        }
      }
      finalCheck();
      return model;
    }

    private void documented(boolean shared, String key, RuntimeException e) {
      checkMessage(key, e);
      if (shared) {
        counters.documented.incrementAndGet();
      } else {
        counters.fail(key + ": " + e.getClass().getSimpleName() + " on an owned key: " + e);
      }
    }

    private void undocumented(String key, Exception e) {
      StringBuilder causes = new StringBuilder(e.toString());
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        causes.append(" / caused by ").append(c);
      }
      counters.fail(key + ": " + causes);
    }

    private void checkMessage(String key, Exception e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("SQLITE_BUSY") || m.contains("database is locked")) {
        counters.fail(key + ": lock error text reached a caller: " + m);
      }
    }

    private void sharedOp(BlobRef ref) throws IOException {
      int op = random.nextInt(10);
      if (op < 4) {
        store.put(selfChecking(random.nextInt(3 * CHUNK), random.nextLong()), at(ref));
      } else if (op < 7) {
        checkWhole(ref, store.getBytes(ref));
      } else if (op < 9) {
        try (InputStream in = store.openStream(ref)) {
          checkWhole(ref, in.readAllBytes());
        }
      } else {
        store.delete(ref);
      }
    }

    private void checkWhole(BlobRef ref, byte[] content) {
      counters.bytes.addAndGet(content.length);
      if (!isWhole(content)) {
        counters.lost.incrementAndGet();
        counters.fail(ref + ": read " + content.length + " bytes that no writer wrote whole");
      }
    }

    private void ownOp(String key, BlobRef ref) throws IOException {
      byte[] cur = model.get(key);
      int op = random.nextInt(16);
      if (cur == null || op < 3) {
        byte[] data = Bytes.random(random.nextInt(3 * CHUNK + 100), random.nextLong());
        BlobInfo info = store.put(data, at(ref).meta("v", metaCounter));
        expect(ref, info.sha256(), Bytes.sha256(data), "put's SHA-256");
        model.put(key, data);
        metaModel.put(key, metaCounter++);
      } else if (op < 6) {
        compare(ref, store.getBytes(ref), cur);
      } else if (op < 8) {
        int off = random.nextInt(cur.length + 1);
        byte[] src = Bytes.random(random.nextInt(cur.length - off + 1), random.nextLong());
        try (BlobChannel ch = store.open(ref, OpenMode.READ_WRITE)) {
          ch.seek(off, Whence.START);
          ch.write(java.nio.ByteBuffer.wrap(src));
        }
        System.arraycopy(src, 0, cur, off, src.length);
      } else if (op < 9) {
        byte[] next = Arrays.copyOf(cur, random.nextInt(2 * cur.length + 2));
        store.resize(ref, next.length);
        model.put(key, next);
      } else if (op < 10) {
        store.delete(ref);
        model.remove(key);
        metaModel.remove(key);
      } else if (op < 11) {
        long v = metaCounter++;
        store.updateMeta(ref, Map.of("v", v), List.of());
        metaModel.put(key, v);
      } else if (op < 12) {
        BlobInfo info = store.info(ref);
        expect(ref, info.size(), (long) cur.length, "size");
        if (info.sha256() != null) { // null while stale, after in-place writes
          expect(ref, info.sha256(), Bytes.sha256(cur), "SHA-256");
        }
        expect(ref, number(info.meta().get("v")), metaModel.get(key), "user field v");
      } else if (op < 13) {
        int off = random.nextInt(cur.length + 1);
        int len = random.nextInt(cur.length - off + 1);
        compare(ref, store.getBytes(ref, off, len), Arrays.copyOfRange(cur, off, off + len));
      } else if (op < 14) {
        listOwn();
      } else {
        try (InputStream in = store.openStream(ref)) {
          compare(ref, in.readAllBytes(), cur);
        }
      }
    }

    private void listOwn() {
      List<String> keys = new ArrayList<>();
      Query q = Query.bucket(BUCKET).prefix(prefix + "-").fields("key").limit(2);
      while (true) {
        var page = store.list(q);
        page.items().forEach(b -> keys.add(b.key()));
        if (page.nextCursor() == null) {
          break;
        }
        q = q.after(page.nextCursor());
      }
      List<String> expected = new ArrayList<>(model.keySet());
      Collections.sort(keys);
      Collections.sort(expected);
      if (!keys.equals(expected)) {
        counters.fail(prefix + ": listing shows " + keys + ", model has " + expected);
      }
    }

    private void finalCheck() {
      for (int k = 0; k < KEYS_PER_THREAD; k++) {
        String key = prefix + "-k" + k;
        BlobRef ref = BlobRef.key(BUCKET, key);
        try {
          byte[] cur = model.get(key);
          if (cur == null) {
            if (store.exists(ref)) {
              counters.fail(ref + ": deleted, but still exists");
            }
            model.put(key, null);
          } else {
            compare(ref, store.getBytes(ref), cur);
          }
        } catch (RuntimeException e) {
          undocumented(key, e);
        }
      }
    }

    private void compare(BlobRef ref, byte[] actual, byte[] expected) {
      counters.bytes.addAndGet(actual.length);
      if (!Arrays.equals(actual, expected)) {
        counters.lost.incrementAndGet();
        counters.fail(
            ref
                + ": read "
                + actual.length
                + " bytes that differ from the "
                + expected.length
                + " last written (lost update)");
      }
    }

    private void expect(BlobRef ref, Object actual, Object expected, String what) {
      if (!java.util.Objects.equals(actual, expected)) {
        counters.fail(ref + ": " + what + " is " + actual + ", expected " + expected);
      }
    }

    private static Long number(Object v) {
      return v instanceof Number n ? n.longValue() : null;
    }

    private static PutOptions at(BlobRef ref) {
      return PutOptions.at(ref.bucket(), ref.key());
    }
  }
}
