package dev.blobkeep.internal;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUIDv7 ids (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made by one process
 * are strictly increasing, so listing by id lists in creation order. Thread-safe.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static long lastMillis;
  private static long sequence;

  private Ids() {}

  /** A new id in canonical lower-case text form. */
  public static String next() {
    long millis;
    long seq;
    synchronized (Ids.class) {
      millis = Math.max(System.currentTimeMillis(), lastMillis);
      if (millis == lastMillis) {
        sequence++;
        if (sequence > 0xfff) {
          // 4096 ids in one millisecond: borrow the next millisecond to stay increasing.
          millis++;
          sequence = RANDOM.nextInt(0x400);
        }
      } else {
        sequence = RANDOM.nextInt(0x400);
      }
      lastMillis = millis;
      seq = sequence;
    }
    long msb = (millis << 16) | 0x7000L | seq;
    long lsb = (RANDOM.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
