package dev.blobkeep.sqlite;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * Retries a lock that another connection holds every 0.5-2 ms until the store's lock timeout,
 * instead of SQLite's own {@code busy_timeout} handler, which sleeps up to 100 ms between tries.
 * SQLite's locks have no queue: a writer that waits beside busy writers in other processes gets the
 * lock only if it happens to try in a gap between their transactions, and with 100 ms sleeps it
 * missed many in a row (measured: small puts waiting 1-5 s, in 100 ms steps, beside a large upload
 * and a second writing process). One handler per connection; SQLite calls it on the thread that is
 * using the connection.
 */
final class PollingBusyHandler extends BusyHandler {
  private static final long MIN_PAUSE_NANOS = 500_000;
  private static final long MAX_PAUSE_NANOS = 2_000_000;

  private final long timeoutNanos;
  private long firstTry;

  PollingBusyHandler(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * @param tries how many times SQLite already called this handler for the current lock
   * @return non-zero to try again, 0 to give up (the statement fails with {@code SQLITE_BUSY})
   */
  @Override
  protected int callback(int tries) {
    long now = System.nanoTime();
    if (tries == 0) {
      firstTry = now;
    }
    if (now - firstTry >= timeoutNanos || Thread.currentThread().isInterrupted()) {
      return 0;
    }
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(MIN_PAUSE_NANOS, MAX_PAUSE_NANOS));
    return 1;
  }
}
