package dev.blobkeep;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link BlobStore#copyTo(BlobStore, CopyOptions)} did.
 *
 * @param copied blobs copied and verified
 * @param bytes their total size
 * @param skipped blobs the target already held unchanged
 * @param failed blobs not copied; {@code failures} says why, one line each
 * @param buckets buckets created at the target, or already there
 * @param failures one line per failed blob, naming it
 * @param elapsed how long the copy took
 */
public record CopyReport(
    long copied,
    long bytes,
    long skipped,
    long failed,
    long buckets,
    List<String> failures,
    Duration elapsed) {

  /**
   * A report; the failures are copied, and unmodifiable.
   *
   * @param copied blobs copied
   * @param bytes their total size
   * @param skipped blobs the target already held unchanged
   * @param failed blobs not copied
   * @param buckets buckets created at the target, or already there
   * @param failures one line per failed blob
   * @param elapsed how long the copy took
   */
  public CopyReport {
    failures = List.copyOf(failures);
  }

  /**
   * One line: {@code copied 120 blobs (1.2 GiB), skipped 30 unchanged, 0 failed in 14.2 s}.
   *
   * @return the summary line
   */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "copied %d %s (%s), skipped %d unchanged, %d failed in %.1f s",
        copied,
        copied == 1 ? "blob" : "blobs",
        humanBytes(bytes),
        skipped,
        failed,
        elapsed.toMillis() / 1000.0);
  }

  private static String humanBytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
