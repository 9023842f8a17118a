package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariPoolMXBean;
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
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.PgServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sixteen threads mix put, get, list, delete and in-place channel writes against one store for
 * {@code blobkeep.pg.concurrency.seconds} (default 30). Every thread has keys of its own, checked
 * exactly against a model (content SHA-256, listing by prefix); all threads also fight over a few
 * shared keys (whose content describes itself, so a torn blob shows) and write self-checking
 * records in place into shared blobs, records that straddle chunk boundaries. At the end: every
 * invariant holds, nothing is left pending or orphaned, and no connection is in use.
 */
@ExtendWith(PgAvailable.class)
class PostgresMixedLoadTest {
  private static final int THREADS = 16;
  private static final long SECONDS = Long.getLong("blobkeep.pg.concurrency.seconds", 30);
  private static final int CHUNK = StoreOptions.MIN_CHUNK_SIZE;
  private static final int OWN_KEYS = 4;
  private static final int SHARED_KEYS = 3;
  private static final int RECORD = 3000; // not a divisor of CHUNK: records straddle chunks
  private static final int RECORDS = 8;
  private static final int SHARED_BLOBS = 2;

  private PgFixture fixture;
  private String url;
  private BlobStore store;
  private final Map<String, Set<Long>> sharedSeeds = new ConcurrentHashMap<>();
  private final AtomicLong ops = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();

  @BeforeEach
  void open() {
    fixture = new PgFixture();
    url = PgServer.URL + "&ApplicationName=" + fixture.schema();
    store = BlobStore.open(url, StoreOptions.defaults().chunkSize(CHUNK).schema(fixture.schema()));
  }

  @AfterEach
  void close() {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      fixture.close();
    }
  }

  @Test
  void sixteenThreadsKeepEveryInvariant() throws Exception {
    for (int j = 0; j < SHARED_BLOBS; j++) {
      store.allocate((long) RECORD * RECORDS, PutOptions.at("rec", "r" + j));
    }
    for (int j = 0; j < SHARED_KEYS; j++) {
      sharedSeeds.put("s" + j, ConcurrentHashMap.newKeySet());
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    long start = System.nanoTime();
    long deadline = start + SECONDS * 1_000_000_000L;
    List<Future<Map<String, String>>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(pool.submit(() -> work(thread, deadline)));
    }
    List<Map<String, String>> models = new ArrayList<>();
    try {
      for (Future<Map<String, String>> w : workers) {
        models.add(w.get());
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "PostgreSQL concurrency: %d threads, %d operations in %.1f s = %.0f ops/s"
            + " (%d reads saw a blob change and were retried or refused)%n",
        THREADS, ops.get(), seconds, ops.get() / seconds, expired.get());

    for (int t = 0; t < THREADS; t++) {
      checkOwn(t, models.get(t));
    }
    for (String key : sharedSeeds.keySet()) {
      checkShared(key);
    }
    for (int j = 0; j < SHARED_BLOBS; j++) {
      byte[] all = store.getBytes(BlobRef.key("rec", "r" + j));
      for (int r = 0; r < RECORDS; r++) {
        checkRecord(all, r * RECORD);
      }
      // null while stale after in-place writes
      assertThat(store.info(BlobRef.key("rec", "r" + j)).sha256()).isIn(null, sha(all));
    }
    assertThat(store.verifyAll().problems()).isEmpty();
    assertThat(fixture.rowsNotReady()).as("rows left pending, deleted or replaced").isZero();
    assertThat(
            count(
                "SELECT count(*) FROM "
                    + fixture.table("chunks")
                    + " c WHERE NOT EXISTS (SELECT 1 FROM "
                    + fixture.table("blobs")
                    + " b WHERE b.id = c.blob_id)"))
        .as("orphaned chunks")
        .isZero();
    List<HikariPoolMXBean> pools = PostgresProvider.poolsAt(store.location());
    assertThat(pools).hasSize(1);
    assertThat(pools.get(0).getActiveConnections()).as("connections in use").isZero();
    assertThat(pools.get(0).getTotalConnections()).isLessThanOrEqualTo(8);
    store.close();
    store = null;
    String sessions =
        "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE '"
            + fixture.schema()
            + "%'";
    // A backend leaves pg_stat_activity a moment after its client closed the socket.
    long gone = System.nanoTime() + 5_000_000_000L;
    while (count(sessions) > 0 && System.nanoTime() < gone) {
      Thread.sleep(20);
    }
    assertThat(count(sessions)).as("sessions left open 5 s after close").isZero();
  }

  /** Runs random operations until the deadline; returns the model of this thread's own keys. */
  private Map<String, String> work(int thread, long deadline) throws Exception {
    SplittableRandom random = new SplittableRandom(thread * 7919L + System.nanoTime());
    Map<String, String> model = new HashMap<>();
    while (System.nanoTime() < deadline) {
      int dice = random.nextInt(100);
      String own = "own/" + thread + "/" + random.nextInt(OWN_KEYS);
      String shared = "s" + random.nextInt(SHARED_KEYS);
      BlobRef rec = BlobRef.key("rec", "r" + random.nextInt(SHARED_BLOBS));
      if (dice < 22) {
        byte[] data = randomBytes(random, random.nextInt(6 * CHUNK));
        store.put(data, PutOptions.at("own", own).meta("thread", thread));
        model.put(own, sha(data));
      } else if (dice < 40) {
        getOwn(model, own);
      } else if (dice < 45) {
        deleteOwn(model, own);
      } else if (dice < 50) {
        listOwn(thread, model);
      } else if (dice < 60) {
        long seed = random.nextLong();
        sharedSeeds.get(shared).add(seed);
        store.put(selfDescribing(seed, random.nextInt(3 * CHUNK)), PutOptions.at("shared", shared));
      } else if (dice < 70) {
        try {
          checkSelfDescribing(shared, store.getBytes(BlobRef.key("shared", shared)));
        } catch (BlobNotFoundException | BlobExpiredException e) {
          expired.incrementAndGet(); // deleted or replaced while read: allowed
        }
      } else if (dice < 73) {
        try {
          store.delete(BlobRef.key("shared", shared));
        } catch (BlobNotFoundException e) {
          // another thread deleted it first
        }
      } else if (dice < 88) {
        writeRecord(rec, random);
      } else {
        readRecords(rec);
      }
      ops.incrementAndGet();
    }
    return model;
  }

  private void getOwn(Map<String, String> model, String key) {
    BlobRef ref = BlobRef.key("own", key);
    if (model.containsKey(key)) {
      assertThat(sha(store.getBytes(ref))).as(key).isEqualTo(model.get(key));
    } else {
      assertThat(store.exists(ref)).as(key).isFalse();
    }
  }

  private void deleteOwn(Map<String, String> model, String key) {
    if (model.remove(key) != null) {
      store.delete(BlobRef.key("own", key));
    }
  }

  private void listOwn(int thread, Map<String, String> model) {
    Set<String> listed = new TreeSet<>();
    for (BlobInfo b :
        store
            .list(Query.bucket("own").prefix("own/" + thread + "/").fields("key", "sha256"))
            .items()) {
      listed.add(b.key());
      assertThat(b.sha256()).as(b.key()).isEqualTo(model.get(b.key()));
    }
    assertThat(listed).isEqualTo(new TreeSet<>(model.keySet()));
    List<BlobInfo> byField =
        store.list(Query.bucket("own").where("thread", thread).fields("key")).items();
    assertThat(byField).hasSize(model.size());
  }

  private void writeRecord(BlobRef ref, SplittableRandom random) throws IOException {
    byte[] record = record(random.nextLong());
    try (BlobChannel ch = store.open(ref, OpenMode.READ_WRITE)) {
      ch.seek((long) random.nextInt(RECORDS) * RECORD, Whence.START);
      ch.write(ByteBuffer.wrap(record));
    }
  }

  private void readRecords(BlobRef ref) throws IOException {
    byte[] all = new byte[RECORD * RECORDS];
    try (BlobChannel ch = store.open(ref, OpenMode.READ)) {
      ch.readInto(all, 0, all.length);
    } catch (IOException e) {
      if (e.getCause() instanceof BlobExpiredException) {
        expired.incrementAndGet(); // written in place on every attempt: allowed, never torn
        return;
      }
      throw e;
    }
    for (int r = 0; r < RECORDS; r++) {
      checkRecord(all, r * RECORD);
    }
  }

  private void checkOwn(int thread, Map<String, String> model) {
    for (int i = 0; i < OWN_KEYS; i++) {
      getOwn(model, "own/" + thread + "/" + i);
    }
    listOwn(thread, model);
  }

  private void checkShared(String key) {
    BlobRef ref = BlobRef.key("shared", key);
    if (store.exists(ref)) {
      byte[] data = store.getBytes(ref);
      checkSelfDescribing(key, data);
      assertThat(store.info(ref).sha256()).isIn(null, sha(data)); // null while stale
    }
  }

  /** 8 bytes of seed, then bytes that seed generates. */
  private static byte[] selfDescribing(long seed, int length) {
    byte[] data = randomBytes(new SplittableRandom(seed), 8 + length);
    ByteBuffer.wrap(data).putLong(seed);
    return data;
  }

  private void checkSelfDescribing(String key, byte[] data) {
    assertThat(data.length).as(key + " length").isGreaterThanOrEqualTo(8);
    long seed = ByteBuffer.wrap(data).getLong();
    assertThat(sharedSeeds.get(key)).as(key + " was put with seed " + seed).contains(seed);
    assertThat(Arrays.mismatch(data, selfDescribing(seed, data.length - 8)))
        .as(key + " is torn at this index")
        .isEqualTo(-1);
  }

  private static byte[] record(long seed) {
    return selfDescribing(seed, RECORD - 8);
  }

  /** A record is all zeros (never written) or consistent with its seed. */
  private static void checkRecord(byte[] all, int offset) {
    byte[] r = Arrays.copyOfRange(all, offset, offset + RECORD);
    if (Arrays.equals(r, new byte[RECORD])) {
      return;
    }
    long seed = ByteBuffer.wrap(r).getLong();
    assertThat(Arrays.mismatch(r, record(seed)))
        .as("record at offset " + offset + " is torn at this index")
        .isEqualTo(-1);
  }

  private static byte[] randomBytes(SplittableRandom random, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i += 8) {
      long v = random.nextLong();
      for (int k = 0; k < 8 && i + k < length; k++) {
        b[i + k] = (byte) (v >>> (8 * k));
      }
    }
    return b;
  }

  private static String sha(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private long count(String sql) throws Exception {
    try (Connection c = PgServer.admin();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
