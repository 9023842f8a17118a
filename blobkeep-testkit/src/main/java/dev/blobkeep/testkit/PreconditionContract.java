package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PreconditionFailedException;
import dev.blobkeep.PutOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Entity tags ({@link BlobInfo#etag()}) and the writes conditional on them: a put that replaces, a
 * delete and a channel's in-place writes each check the tag in the transaction that writes, so of
 * concurrent writers that saw the same tag exactly one succeeds and the others change nothing.
 */
public abstract class PreconditionContract extends ContractBase {
  /** Rounds of each concurrent test: each round is one race between two writers. */
  private static final int ROUNDS = 20;

  private static final BlobRef KEY = BlobRef.key("docs", "a.txt");

  @Test
  void etagIsTheSha256AfterAPutAndMadeFromIdAndVersionAfterAnInPlaceWrite() throws Exception {
    byte[] data = Bytes.random(2 * CHUNK, 1);
    BlobInfo put = store.put(data, PutOptions.at("docs", "a.txt"));
    assertThat(put.etag()).isEqualTo(put.sha256()).isEqualTo(Bytes.sha256(data));
    assertThat(store.info(KEY).etag()).isEqualTo(put.etag());

    try (BlobChannel ch = store.open(KEY, OpenMode.READ_WRITE)) {
      ch.write(new byte[] {1, 2, 3});
    }
    BlobInfo written = store.info(KEY);
    assertThat(written.sha256()).isNull();
    assertThat(written.version()).isEqualTo(put.version() + 1);
    assertThat(written.etag()).isEqualTo("v" + written.version() + "-" + put.id());

    assertThat(store.verify(KEY).ok()).isTrue();
    assertThat(store.info(KEY).etag())
        .as("verify recomputes the SHA-256")
        .isEqualTo(written.etag());
  }

  @Test
  void anAllocatedBlobKeepsItsEtagWhenVerifyStoresItsSha256() {
    BlobInfo made = store.allocate(3 * CHUNK, PutOptions.at("docs", "a.txt"));
    assertThat(made.etag()).isEqualTo("v1-" + made.id());
    assertThat(store.verify(KEY).ok()).isTrue();
    assertThat(store.info(KEY).etag()).isEqualTo(made.etag());
  }

  @Test
  void infoReadsNoContentAfterAnInPlaceWrite() throws Exception {
    BlobInfo put = store.put(Bytes.random(3 * CHUNK, 2), PutOptions.at("docs", "a.txt"));
    try (BlobChannel ch = store.open(KEY, OpenMode.READ_WRITE)) {
      ch.write(new byte[] {1, 2, 3});
    }
    // Hashing the content would now fail on chunk 2; info must not touch it.
    flipAByteOf(put.id(), 2);
    BlobInfo info = store.info(KEY);
    assertThat(info.sha256()).isNull();
    assertThat(info.size()).isEqualTo(3L * CHUNK);
  }

  @Test
  void putIfMatchReplacesOnlyTheBlobWithThatEtagAndOtherwiseStoresNothing() throws Exception {
    BlobInfo first = store.put(Bytes.random(10, 3), PutOptions.at("docs", "a.txt"));
    long rowsBefore = rows("blobs");
    PutOptions wrong = PutOptions.at("docs", "a.txt").ifMatch("not-it");

    assertThatThrownBy(() -> store.put(Bytes.random(CHUNK * 3, 4), wrong))
        .isInstanceOf(PreconditionFailedException.class)
        .hasMessage(
            "blob docs/a.txt has ETag "
                + first.etag()
                + ", not the expected not-it; nothing was changed");
    assertThat(store.info(KEY).id()).isEqualTo(first.id());
    assertThat(rows("blobs")).isEqualTo(rowsBefore);

    BlobInfo second =
        store.put(Bytes.random(20, 5), PutOptions.at("docs", "a.txt").ifMatch(first.etag()));
    assertThat(store.info(KEY).id()).isEqualTo(second.id());

    PutOptions absent = PutOptions.at("docs", "none.txt").ifMatch(first.etag());
    PreconditionFailedException none =
        (PreconditionFailedException)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> store.put(Bytes.random(10, 6), absent));
    assertThat(none.current()).isNull();
    assertThat(none.expected()).isEqualTo(first.etag());
    assertThat(none).hasMessageContaining("docs/none.txt does not exist");
    assertThat(store.exists(BlobRef.key("docs", "none.txt"))).isFalse();

    assertThatThrownBy(() -> store.put(new byte[1], PutOptions.in("docs").ifMatch("x")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("ifMatch x needs a key to name the blob it replaces");
  }

  @Test
  void deleteIfMatchOfAMissingBlobFailsThePrecondition() {
    PreconditionFailedException e =
        (PreconditionFailedException)
            org.assertj.core.api.Assertions.catchThrowable(() -> store.delete(KEY, "x"));
    assertThat(e)
        .hasMessage("blob docs/a.txt does not exist, not the expected x; nothing was changed");
    assertThat(e.current()).isNull();
  }

  @Test
  void deleteIfMatchDeletesOnlyTheBlobWithThatEtag() {
    BlobInfo info = store.put(Bytes.random(10, 7), PutOptions.at("docs", "a.txt"));
    assertThatThrownBy(() -> store.delete(KEY, "stale"))
        .isInstanceOf(PreconditionFailedException.class)
        .hasMessage(
            "blob docs/a.txt has ETag "
                + info.etag()
                + ", not the expected stale;"
                + " nothing was changed");
    assertThat(store.exists(KEY)).isTrue();
    store.delete(KEY, info.etag());
    assertThat(store.exists(KEY)).isFalse();
  }

  @Test
  void aChannelOpenedWithAnEtagRefusesWritesAfterSomeoneElseWroteAndWritesNothing()
      throws Exception {
    BlobInfo info = store.allocate(2 * CHUNK, PutOptions.at("docs", "a.txt"));
    assertThatThrownBy(() -> store.open(KEY, OpenMode.READ_WRITE, "stale"))
        .isInstanceOf(PreconditionFailedException.class);
    try (BlobChannel mine = store.open(KEY, OpenMode.READ_WRITE, info.etag())) {
      mine.write(new byte[] {1});
      mine.write(new byte[] {2}); // its own write moved the expected tag along
      try (BlobChannel other = store.open(KEY, OpenMode.READ_WRITE)) {
        other.position(CHUNK);
        other.write(new byte[] {9});
      }
      BlobInfo before = store.info(KEY);
      assertThatThrownBy(() -> mine.write(new byte[] {3}))
          .isInstanceOf(IOException.class)
          .hasCauseInstanceOf(PreconditionFailedException.class)
          .hasMessageContaining("has ETag " + before.etag());
      assertThatThrownBy(() -> mine.resize(1))
          .hasCauseInstanceOf(PreconditionFailedException.class);
      assertThat(store.info(KEY).etag()).isEqualTo(before.etag());
    }
    byte[] expected = new byte[2 * CHUNK];
    expected[0] = 1;
    expected[1] = 2;
    expected[CHUNK] = 9;
    assertThat(store.getBytes(KEY)).isEqualTo(expected);
  }

  @Test
  void ofTwoChannelWritersWithTheSameEtagExactlyOneWins() throws Exception {
    store.allocate(2 * CHUNK, PutOptions.at("docs", "a.txt"));
    race(
        (etag, me) -> {
          try (BlobChannel ch = store.open(KEY, OpenMode.READ_WRITE, etag)) {
            ch.position(CHUNK - 1);
            ch.write(new byte[] {(byte) me, (byte) me, (byte) me});
            ch.write(new byte[] {(byte) me}); // its own write moved the expected tag along
          }
          return null;
        });
  }

  @Test
  void ofTwoPutsWithTheSameIfMatchExactlyOneWins() throws Exception {
    store.put(Bytes.random(10, 8), PutOptions.at("docs", "a.txt"));
    // Content never seen before each time: an equal content would rightly have an equal tag.
    AtomicInteger seed = new AtomicInteger();
    race(
        (etag, me) ->
            store.put(
                Bytes.random(CHUNK + me, seed.incrementAndGet()),
                PutOptions.at("docs", "a.txt").ifMatch(etag)));
  }

  @Test
  void ofTwoDeletesWithTheSameIfMatchExactlyOneWins() throws Exception {
    race(
        (etag, me) -> {
          store.delete(KEY, etag);
          return null;
        },
        () -> store.put(Bytes.random(10, 9), PutOptions.at("docs", "a.txt")));
  }

  /** One writer of a race: writes under {@code etag}; {@code me} is 1 or 2. */
  private interface Writer {
    Object write(String etag, int me) throws Exception;
  }

  private void race(Writer writer) throws Exception {
    race(writer, () -> null);
  }

  /**
   * Runs {@link #ROUNDS} races: each round reads the tag of {@link #KEY}, then two threads write
   * under it at once; exactly one must succeed, the other must fail with {@link
   * PreconditionFailedException}.
   */
  private void race(Writer writer, Callable<?> beforeEachRound) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        beforeEachRound.call();
        String etag = store.info(KEY).etag();
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Object>> results = new ArrayList<>();
        for (int me = 1; me <= 2; me++) {
          int who = me;
          results.add(
              pool.submit(
                  () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return writer.write(etag, who);
                  }));
        }
        int won = 0;
        for (Future<Object> f : results) {
          try {
            f.get(60, TimeUnit.SECONDS);
            won++;
          } catch (java.util.concurrent.ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof IOException && t.getCause() != null) {
              t = t.getCause();
            }
            assertThat(t).as("round %d", round).isInstanceOf(PreconditionFailedException.class);
          }
        }
        assertThat(won).as("writers that succeeded in round %d", round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Changes one byte of a stored chunk, keeping its CRC, so reading it fails. */
  private void flipAByteOf(String blobId, long idx) throws Exception {
    String where = " WHERE blob_id = '" + blobId + "' AND idx = " + idx;
    byte[] data;
    try (var c = fixture.connect();
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT data FROM " + fixture.table("chunks") + where)) {
      assertThat(rs.next()).isTrue();
      data = rs.getBytes(1);
    }
    data[0] ^= 0x5a;
    try (var c = fixture.connect();
        var ps =
            c.prepareStatement("UPDATE " + fixture.table("chunks") + " SET data = ?" + where)) {
      ps.setBytes(1, data);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }
}
