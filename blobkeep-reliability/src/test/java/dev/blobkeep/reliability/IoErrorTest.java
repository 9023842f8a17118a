package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreException;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.FailingInputStream;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.PgServer;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * I/O failures in the middle of a write: the content stream fails part-way (both backends), and on
 * PostgreSQL the server ends the store's sessions while an upload is provably in progress. Each
 * failed write says so in one line, the blob it would have replaced keeps its content, nothing
 * pending remains, and the next write works. Faults: 5 each (soak: 25).
 */
class IoErrorTest {
  private static final int FAULTS = Soak.pick(5, 25);
  private static final int BIG = 10 * 1024 * 1024; // several staging batches

  @Test
  void sqliteContentStreamFailingPartWayStoresNothing() throws Exception {
    failingInput("I/O error: content stream fails part-way, SQLite", SqliteFixture::new);
  }

  @Test
  @ExtendWith(PgAvailable.class)
  void postgresContentStreamFailingPartWayStoresNothing() throws Exception {
    failingInput("I/O error: content stream fails part-way, PostgreSQL", PgFixture::new);
  }

  private static void failingInput(String name, Supplier<StoreFixture> database) throws Exception {
    Scenario scenario = Scenario.storedData(name);
    Random random = new Random();
    try (StoreFixture db = database.get();
        BlobStore store = db.open(StoreOptions.defaults())) {
      BlobRef ref = BlobRef.key("io", "victim");
      byte[] old = Bytes.random(300_000, random.nextLong());
      store.put(old, PutOptions.at("io", "victim"));
      for (int i = 0; i < FAULTS; i++) {
        long okBytes = random.nextInt(BIG);
        try {
          store.put(new FailingInputStream(okBytes), PutOptions.at("io", "victim"));
          scenario.failed("a put whose stream failed at byte " + okBytes + " succeeded");
        } catch (StoreException e) {
          if (Hostile.hasLineBreak(e.getMessage())
              || !e.getMessage().contains("nothing was stored")) {
            scenario.failed("unclear message: " + e.getMessage());
          }
        }
        scenario.compare("the blob a failed put would have replaced", store.getBytes(ref), old);
        scenario.operations(2);
        long pending = db.rowsNotReady();
        if (pending != 0) {
          scenario.failed(pending + " rows not 'ready' after a failed put");
        }
        byte[] next = Bytes.random(random.nextInt(100_000), random.nextLong());
        store.put(next, PutOptions.at("io", "victim"));
        old = next;
        scenario.operations(1);
      }
      var report = store.verifyAll();
      scenario.bytesCompared(report.bytesChecked());
      report.problems().forEach(p -> scenario.failed("verify: " + p));
    }
    scenario.pass(FAULTS + " streams failed");
  }

  /**
   * Each round pauses an upload in the middle of its content (its stream blocks at a random byte),
   * ends every session of the store with {@code pg_terminate_backend} while the put is provably
   * still running, checks that those sessions are gone, then lets the upload go on. The put either
   * returns, and the key holds the new content, or throws a one-line {@link BlobkeepException}, and
   * the key holds the old content. The next calls work at once (no retry), and a reopened store
   * holds the last content that was put, with nothing pending.
   */
  @Test
  @ExtendWith(PgAvailable.class)
  void postgresSessionsKilledByTheServerMidUploadLoseNothing() throws Exception {
    Scenario scenario =
        Scenario.storedData("I/O error: server ends sessions mid-upload, PostgreSQL");
    Random random = new Random();
    long failedPuts = 0;
    long sessionsEnded = 0;
    long leftovers = 0;
    BlobRef ref = BlobRef.key("io", "victim");
    byte[] current = Bytes.random(200_000, random.nextLong());
    try (PgFixture db = new PgFixture()) {
      try (BlobStore store = db.open(StoreOptions.defaults())) {
        store.put(current, PutOptions.at("io", "victim"));
        for (int i = 0; i < FAULTS; i++) {
          byte[] next = Bytes.random(BIG + random.nextInt(BIG), random.nextLong());
          PausingStream in = new PausingStream(next, 1 + random.nextInt(next.length - 1));
          CompletableFuture<BlobInfo> put =
              CompletableFuture.supplyAsync(() -> store.put(in, PutOptions.at("io", "victim")));
          try {
            if (!in.paused.await(120, TimeUnit.SECONDS)) {
              throw new AssertionError("the upload never read up to byte " + in.pauseAt);
            }
            assertThat(put).as("the put is still running while its stream is paused").isNotDone();
            List<Integer> sessions = sessionsOf(db.schema());
            long ended = terminate(db.schema());
            assertThat(ended)
                .as("sessions of the store ended mid-upload (open: %s)", sessions)
                .isPositive();
            awaitGone(sessions);
            sessionsEnded += ended;
          } finally {
            in.resume.countDown();
          }
          boolean worked;
          try {
            put.get(120, TimeUnit.SECONDS);
            worked = true;
          } catch (ExecutionException e) {
            worked = false;
            failedPuts++;
            Throwable cause = e.getCause();
            if (!(cause instanceof BlobkeepException) || Hostile.hasLineBreak(cause.getMessage())) {
              scenario.failed("a put whose session was ended surfaced as " + cause);
            }
          }
          scenario.operations(1);
          // The next operations work at once: the pool replaces the dead connections.
          byte[] now = store.getBytes(ref);
          scenario.operations(1);
          if (worked) {
            scenario.compare("after a put that returned", now, next);
            current = next;
          } else if (java.util.Arrays.equals(now, next)) {
            scenario.bytesCompared(now.length);
            scenario.failed("a put that threw took effect");
            current = next;
          } else {
            scenario.compare("after a put that threw", now, current);
          }
          store.gc();
          // Documented: an upload whose clean-up also failed, because its connection was ended,
          // stays as an invisible pending row while its store is open; the next open removes it.
          leftovers = Math.max(leftovers, db.rowsNotReady());
        }
        var report = store.verifyAll();
        scenario.bytesCompared(report.bytesChecked());
        report.problems().forEach(p -> scenario.failed("verify: " + p));
      }
      try (BlobStore store = db.open(StoreOptions.defaults())) {
        scenario.compare("after reopening", store.getBytes(ref), current);
        long pending = db.rowsNotReady();
        if (pending != 0) {
          scenario.failed(pending + " rows not 'ready' after reopening");
        }
      }
    }
    scenario.pass(
        FAULTS
            + " uploads paused mid-stream, "
            + sessionsEnded
            + " sessions ended by pg_terminate_backend ("
            + failedPuts
            + " puts failed cleanly; at most "
            + leftovers
            + " pending rows kept until reopen, as documented)");
  }

  /**
   * Content that pauses once, after {@code pauseAt} bytes: it counts {@link #paused} down, then
   * blocks until {@link #resume} is counted down. Reads return at most up to the pause point.
   */
  private static final class PausingStream extends InputStream {
    final CountDownLatch paused = new CountDownLatch(1);
    final CountDownLatch resume = new CountDownLatch(1);
    final int pauseAt;
    private final byte[] content;
    private int pos;

    PausingStream(byte[] content, int pauseAt) {
      this.content = content;
      this.pauseAt = pauseAt;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos == pauseAt && paused.getCount() > 0) {
        paused.countDown();
        try {
          if (!resume.await(120, TimeUnit.SECONDS)) {
            throw new IOException("the test never resumed the stream");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while paused", e);
        }
      }
      if (pos == content.length) {
        return -1;
      }
      int limit = pos < pauseAt ? pauseAt : content.length;
      int n = Math.min(len, limit - pos);
      System.arraycopy(content, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  /** Process ids of the sessions the store opened (its application name is the schema). */
  private static List<Integer> sessionsOf(String applicationName) throws Exception {
    List<Integer> pids = new ArrayList<>();
    try (Connection c = PgServer.admin();
        PreparedStatement ps =
            c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
      ps.setString(1, applicationName);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          pids.add(rs.getInt(1));
        }
      }
    }
    return pids;
  }

  /** Ends every session with that application name; returns how many were ended. */
  private static long terminate(String applicationName) throws Exception {
    try (Connection c = PgServer.admin();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000))"
                    + " FROM pg_stat_activity WHERE application_name = ?")) {
      ps.setString(1, applicationName);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Waits until none of {@code pids} is a live session any more. */
  private static void awaitGone(List<Integer> pids) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    try (Connection c = PgServer.admin();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("int4", pids.toArray()));
      while (true) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("sessions " + pids + " still alive 30 s after termination");
        }
        Thread.sleep(20);
      }
    }
  }
}
