package dev.blobkeep.mariadb;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.testkit.MariaDbAvailable;
import dev.blobkeep.testkit.MariaDbFixture;
import dev.blobkeep.testkit.StoreFixture;
import dev.blobkeep.testkit.TransactionConflictContract;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conflict on MariaDB: under {@code SERIALIZABLE} both bodies read one blob row (each then
 * holds a shared lock on it) and both update it, a deadlock that InnoDB ends by rolling one back
 * with error 1213 (SQLSTATE 40001).
 *
 * <p>InnoDB rolls back the transaction of least weight (rows changed and locks held): the winner
 * first changes another blob, so the loser is always the one rolled back, whichever of the two
 * updates reaches the server first.
 */
@ExtendWith(MariaDbAvailable.class)
class MariadbTransactionConflictTest extends TransactionConflictContract {
  @Override
  protected StoreFixture newFixture() {
    return new MariaDbFixture();
  }

  /**
   * The winner changes another blob (weight), reads {@code ref} and waits until the loser has read
   * it too; then both update {@code ref}: a deadlock whose victim is the loser's first run.
   */
  @Override
  protected Future<?> race(BlobStore store, BlobRef ref, AtomicInteger loserRuns) throws Exception {
    BlobRef other = store.put(new byte[] {2}, PutOptions.at("b", "other")).ref();
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
}
