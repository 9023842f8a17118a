package dev.blobkeep.internal;

import dev.blobkeep.BlobkeepException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The pause before trying again after a lock conflict: random (so that waiters do not retry in
 * step) and growing with each attempt, from up to 2 ms to up to {@value #MAX_MILLIS} ms. A waiting
 * thread sleeps; it never spins.
 */
final class Backoff {
  static final long MAX_MILLIS = 100;

  private Backoff() {}

  /**
   * Sleeps before attempt {@code attempt + 1}.
   *
   * @param attempt the attempts made so far, from 1
   * @throws BlobkeepException if the thread is interrupted (its interrupt flag is set again)
   */
  static void pause(int attempt) {
    long max = Math.min(MAX_MILLIS, 2L << Math.min(Math.max(attempt, 1) - 1, 6));
    try {
      Thread.sleep(1 + ThreadLocalRandom.current().nextLong(max));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BlobkeepException("interrupted while waiting for a database lock");
    }
  }
}
