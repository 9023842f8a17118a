package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.TransactionConflictException;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
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
 * Two {@code inTransaction} bodies that really conflict on the server: under {@code SERIALIZABLE}
 * both read one blob row (each holds a shared lock on it) and both then update it, a deadlock that
 * InnoDB ends by rolling one back with error 1213. The loser gets a {@link
 * TransactionConflictException} and nothing of it is committed, or with {@link
 * StoreOptions#transactionRetries} its body runs again and commits.
 *
 * <p>InnoDB rolls back the transaction of least weight (rows changed and locks held): the winner
 * first changes another blob, so the loser is always the one rolled back, whichever of the two
 * updates reaches the server first.
 */
@ExtendWith(MariaDbAvailable.class)
class MariadbTransactionConflictTest {
  private static final long WAIT_SECONDS = 30;

  private MariaDbFixture fixture;
  private ExecutorService pool;

  @BeforeEach
  void server() {
    fixture = new MariaDbFixture();
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void cleanUp() {
    pool.shutdownNow();
    fixture.close();
  }

  @Test
  void aDeadlockSurfacesAsTransactionConflictAndCommitsNothing() throws Exception {
    try (BlobStore store = fixture.open(options())) {
      BlobInfo blob = store.put(new byte[] {1}, PutOptions.at("b", "k"));
      BlobInfo other = store.put(new byte[] {2}, PutOptions.at("b", "other"));
      AtomicInteger loserRuns = new AtomicInteger();

      Future<?> loser = race(store, blob.ref(), other.ref(), loserRuns);

      assertThatThrownBy(() -> unwrap(loser))
          .isInstanceOf(TransactionConflictException.class)
          .hasMessageContaining("conflicted with a concurrent transaction")
          .hasMessageContaining("may be run again")
          .hasMessageNotContaining("\n");
      assertThat(loserRuns).hasValue(1);
      assertThat(store.info(blob.ref()).meta()).isEqualTo(Map.of("winner", 1));
      assertThat(store.info(other.ref()).meta()).isEqualTo(Map.of("winner", 1));
    }
  }

  @Test
  void withRetriesTheLosingBodyRunsAgainAndCommits() throws Exception {
    try (BlobStore store = fixture.open(options().transactionRetries(3))) {
      BlobInfo blob = store.put(new byte[] {1}, PutOptions.at("b", "k"));
      BlobInfo other = store.put(new byte[] {2}, PutOptions.at("b", "other"));
      AtomicInteger loserRuns = new AtomicInteger();

      unwrap(race(store, blob.ref(), other.ref(), loserRuns));

      assertThat(loserRuns).hasValue(2);
      assertThat(store.info(blob.ref()).meta()).isEqualTo(Map.of("winner", 1, "loser", 2));
    }
  }

  /**
   * The winner changes {@code other} (weight), reads {@code ref} and waits until the loser has read
   * it too; then both update {@code ref}: a deadlock whose victim is the loser's first run. Returns
   * the loser's outcome, once the winner has committed.
   */
  private Future<?> race(BlobStore store, BlobRef ref, BlobRef other, AtomicInteger loserRuns)
      throws Exception {
    CountDownLatch winnerRead = new CountDownLatch(1);
    CountDownLatch loserRead = new CountDownLatch(1);
    Future<?> winner =
        pool.submit(
            () -> {
              store.useTransaction(
                  tx -> {
                    tx.updateMeta(other, Map.of("winner", 1), List.of());
                    tx.info(ref); // a shared lock on the row until COMMIT
                    winnerRead.countDown();
                    await(loserRead);
                    tx.updateMeta(ref, Map.of("winner", 1), List.of());
                  });
              return null;
            });
    Future<?> loser =
        pool.submit(
            () -> {
              await(winnerRead);
              store.useTransaction(
                  tx -> {
                    loserRuns.incrementAndGet();
                    tx.info(ref);
                    loserRead.countDown();
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
    } catch (ExecutionException e) {
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
