package dev.blobkeep.bench;

import java.util.concurrent.TimeUnit;

/**
 * Lets the machine settle between two contenders: writes the system's dirty pages to disk, so that
 * the next contender neither pays for the previous one's write-back nor gets a cache that is still
 * absorbing its writes. Without it, on Linux, a file copy measured right after a 1 GiB get ran at a
 * quarter of its speed measured right after another copy.
 */
final class Settle {
  private Settle() {}

  /** Runs {@code sync} where there is one; does nothing elsewhere or if it fails. */
  static void now() {
    try {
      Process p = new ProcessBuilder("sync").redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      p.waitFor(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
