package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.TransactionConflictException;
import java.time.Duration;
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

/**
 * Two {@code inTransaction} bodies that really conflict on the server, for the server backends: the
 * loser gets a {@link TransactionConflictException} and nothing of it is committed, or with {@link
 * StoreOptions#transactionRetries} its body runs again and commits. How the two bodies are made to
 * conflict is the backend's ({@link #race}): the server's own way of refusing the second write,
 * never a timing.
 */
public abstract class TransactionConflictContract {
  /** The longest wait for a latch or a transaction's outcome. */
  protected static final long WAIT_SECONDS = 30;

  protected StoreFixture fixture;
  protected ExecutorService pool;

  /** A fresh, empty database for one test. */
  protected abstract StoreFixture newFixture();

  /**
   * Runs a winner and a loser transaction on two threads of {@link #pool}: the winner writes user
   * field {@code winner = 1} on {@code ref} and commits; the loser, whose first run must conflict
   * with the winner on the server, writes {@code loser = 2} on it and counts its runs in {@code
   * loserRuns}. Returns the loser's outcome once the winner has committed.
   */
  protected abstract Future<?> race(BlobStore store, BlobRef ref, AtomicInteger loserRuns)
      throws Exception;

  @BeforeEach
  void server() {
    fixture = newFixture();
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

  /** Waits up to {@link #WAIT_SECONDS} for {@code latch}, failing the test if it does not open. */
  protected static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("latch").isTrue();
  }

  /** The outcome of {@code f}: returns, or throws what its task threw. */
  protected static void unwrap(Future<?> f) throws Exception {
    try {
      f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static StoreOptions options() {
    return StoreOptions.defaults().lockTimeout(Duration.ofSeconds(10));
  }
}
