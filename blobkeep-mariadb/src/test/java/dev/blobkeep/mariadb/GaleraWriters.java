package dev.blobkeep.mariadb;

import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.testkit.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writers that put random blobs of 1 to 20 MiB through one store, under keys {@code NAME-wW/N}, and
 * record every acknowledged put with its SHA-256 and every failure by type. They stop at a shared
 * byte budget, at a deadline, or once this store acknowledged {@code afterKill} puts begun after
 * {@link #killedAt} was set. Thread-safe.
 */
final class GaleraWriters {
  static final int MIB = 1 << 20;

  /**
   * An acknowledged put: its key, id and content hash, and when it began and ended relative to the
   * kill (seconds; negative before it, NaN if there was no kill yet).
   */
  record Acked(String key, String id, String sha256, double began, double ended) {}

  private final String name;
  private final BlobStore store;
  private final List<Acked> acked;
  private final AtomicLong budget;
  private final AtomicLong killedAt;
  private final int afterKill;
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger ackedAfterKill = new AtomicInteger();
  private final AtomicLong firstAfterKill = new AtomicLong();
  private final ExecutorService pool;
  private final List<Future<?>> running = new ArrayList<>();

  /**
   * @param acked where acknowledged puts are added (shared by every writer group)
   * @param budget bytes left to put, shared: a writer stops when it is spent
   * @param killedAt {@link System#nanoTime()} of the kill, 0 before it
   * @param afterKill acknowledged puts begun after the kill at which the writers stop
   */
  GaleraWriters(
      String name,
      BlobStore store,
      List<Acked> acked,
      AtomicLong budget,
      AtomicLong killedAt,
      int afterKill) {
    this.name = name;
    this.store = store;
    this.acked = acked;
    this.budget = budget;
    this.killedAt = killedAt;
    this.afterKill = afterKill;
    this.pool = Executors.newCachedThreadPool();
  }

  /** Starts {@code writers} threads, each with its own seed, until {@code stopAt} at the latest. */
  void start(int writers, long seed, long stopAt) {
    for (int w = 0; w < writers; w++) {
      Random random = new Random(seed + w);
      String prefix = name + "-w" + w + "/";
      running.add(pool.submit(() -> write(random, prefix, stopAt)));
    }
  }

  private Void write(Random random, String prefix, long stopAt) {
    int n = 0;
    while (System.nanoTime() < stopAt && ackedAfterKill.get() < afterKill) {
      int size = MIB + random.nextInt(19 * MIB);
      if (budget.addAndGet(-size) < 0) {
        return null;
      }
      byte[] data = Bytes.random(size, random.nextLong());
      String key = prefix + n++;
      long started = System.nanoTime();
      inFlight.incrementAndGet();
      try {
        String id = store.put(data, PutOptions.at(GaleraTest.BUCKET, key)).id();
        long now = System.nanoTime();
        long kill = killedAt.get();
        synchronized (acked) {
          acked.add(
              new Acked(
                  key,
                  id,
                  Bytes.sha256(data),
                  kill == 0 ? Double.NaN : (started - kill) / 1e9,
                  kill == 0 ? Double.NaN : (now - kill) / 1e9));
        }
        if (kill != 0 && started > kill) {
          firstAfterKill.compareAndSet(0, now);
          ackedAfterKill.incrementAndGet();
        }
      } catch (RuntimeException e) {
        failed.incrementAndGet();
        failures.merge(e.getClass().getSimpleName(), String.valueOf(e.getMessage()), (a, b) -> a);
      } finally {
        inFlight.decrementAndGet();
      }
    }
    return null;
  }

  /** Puts under way now. */
  int inFlight() {
    return inFlight.get();
  }

  /** Waits for every writer (at most {@code seconds}) and rethrows what one threw. */
  void await(long seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (Future<?> f : running) {
      f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    pool.shutdown();
  }

  /** Puts begun after the kill and acknowledged. */
  int ackedAfterKill() {
    return ackedAfterKill.get();
  }

  /** Seconds from the kill to the end of the first put begun after it, or -1 if none was. */
  double secondsToFirstWrite() {
    long first = firstAfterKill.get();
    return first == 0 ? -1 : (first - killedAt.get()) / 1e9;
  }

  /** The number of failed puts. */
  int failed() {
    return failed.get();
  }

  /** Failed puts: one message per exception type. */
  Map<String, String> failures() {
    return Map.copyOf(failures);
  }
}
