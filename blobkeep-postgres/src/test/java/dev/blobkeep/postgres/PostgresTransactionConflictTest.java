package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.TransactionConflictException;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two {@code inTransaction} bodies that really conflict on the server (REPEATABLE READ: the second
 * updates a row the first changed after the second's snapshot, SQLSTATE 40001): the loser gets a
 * {@link TransactionConflictException} and nothing of it is committed, or with {@link
 * StoreOptions#transactionRetries} its body runs again and commits.
 */
@ExtendWith(PgAvailable.class)
class PostgresTransactionConflictTest {
  private static final long WAIT_SECONDS = 30;

  private PgFixture fixture;
  private ExecutorService pool;

  @BeforeEach
  void server() {
    fixture = new PgFixture();
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void cleanUp() {
    pool.shutdownNow();
    fixture.close();
  }

  @Test
  void aConflictSurfacesAsTransactionConflictAndCommitsNothing() throws Exception {
    try (BlobStore store = fixture.open(options())) {
      BlobInfo blob = store.put(new byte[] {1}, PutOptions.at("b", "k"));
      AtomicInteger loserRuns = new AtomicInteger();

      Future<?> loser = race(store, blob.ref(), loserRuns);

      assertThatThrownBy(() -> unwrap(loser))
          .isInstanceOf(TransactionConflictException.class)
          .hasMessageContaining("conflicted with a concurrent transaction")
          .hasMessageContaining("may be run again")
          .hasMessageNotContaining("\n");
      assertThat(loserRuns).hasValue(1);
      assertThat(store.info(blob.ref()).meta()).isEqualTo(Map.of("winner", 1));
    }
  }

  @Test
  void withRetriesTheLosingBodyRunsAgainAndCommits() throws Exception {
    try (BlobStore store = fixture.open(options().transactionRetries(3))) {
      BlobInfo blob = store.put(new byte[] {1}, PutOptions.at("b", "k"));
      AtomicInteger loserRuns = new AtomicInteger();

      unwrap(race(store, blob.ref(), loserRuns));

      assertThat(loserRuns).hasValue(2);
      assertThat(store.info(blob.ref()).meta()).isEqualTo(Map.of("winner", 1, "loser", 2));
    }
  }

  /**
   * The winner reads, lets the loser take its snapshot, updates and commits; the loser then updates
   * the same row: 40001 on its first run. Returns the loser's outcome.
   */
  private Future<?> race(BlobStore store, BlobRef ref, AtomicInteger loserRuns) throws Exception {
    CountDownLatch winnerRead = new CountDownLatch(1);
    CountDownLatch loserRead = new CountDownLatch(1);
    CountDownLatch winnerCommitted = new CountDownLatch(1);
    Future<?> winner =
        pool.submit(
            () -> {
              store.useTransaction(
                  tx -> {
                    tx.info(ref);
                    winnerRead.countDown();
                    await(loserRead);
                    tx.updateMeta(ref, Map.of("winner", 1), List.of());
                  });
              winnerCommitted.countDown();
              return null;
            });
    Future<?> loser =
        pool.submit(
            () -> {
              await(winnerRead);
              store.useTransaction(
                  tx -> {
                    loserRuns.incrementAndGet();
                    tx.info(ref); // takes the snapshot
                    loserRead.countDown();
                    await(winnerCommitted);
                    tx.updateMeta(ref, Map.of("loser", 2), List.of());
                  });
              return null;
            });
    unwrap(winner);
    return loser;
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("latch").isTrue();
  }

  private static void unwrap(Future<?> f) throws Exception {
    try {
      f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  private StoreOptions options() {
    return StoreOptions.defaults().lockTimeout(Duration.ofSeconds(10));
  }
}
