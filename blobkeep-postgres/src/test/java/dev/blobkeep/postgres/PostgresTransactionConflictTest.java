package dev.blobkeep.postgres;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.StoreFixture;
import dev.blobkeep.testkit.TransactionConflictContract;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conflict on PostgreSQL (REPEATABLE READ): the second body updates a row the first changed
 * after the second's snapshot, SQLSTATE 40001.
 */
@ExtendWith(PgAvailable.class)
class PostgresTransactionConflictTest extends TransactionConflictContract {
  @Override
  protected StoreFixture newFixture() {
    return new PgFixture();
  }

  /**
   * The winner reads, lets the loser take its snapshot, updates and commits; the loser then updates
   * the same row: 40001 on its first run.
   */
  @Override
  protected Future<?> race(BlobStore store, BlobRef ref, AtomicInteger loserRuns) throws Exception {
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
}
