package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.testkit.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The figures of one reliability scenario while it runs, and its row in the {@link
 * ReliabilityTable} once it has passed. "Data lost" counts only stored blobs whose bytes, read
 * back, were missing or differed from what was written ({@link #compare}, {@link #lost}); every
 * other failed check (a message format, a listing, metadata, {@code verify}, leftover rows) is
 * counted apart ({@link #failed}). {@link #pass} asserts that both are zero and only then records
 * the row, so the table holds only scenarios that passed. Thread-safe.
 */
public final class Scenario {
  private final String name;
  private final boolean storedData;
  private final long t0 = System.nanoTime();
  private final List<String> problems = new ArrayList<>();
  private long operations;
  private long bytesCompared;
  private long lost;
  private long failedChecks;

  private Scenario(String name, boolean storedData) {
    this.name = name;
    this.storedData = storedData;
  }

  /** A scenario that writes data and reads it back: its row shows the data lost. */
  public static Scenario storedData(String name) {
    return new Scenario(name, true);
  }

  /** A scenario with no stored bytes at stake (a parser, a query): its data lost is n/a. */
  public static Scenario withoutStoredData(String name) {
    return new Scenario(name, false);
  }

  /** Adds {@code n} operations run. */
  public synchronized void operations(long n) {
    operations += n;
  }

  /** Adds {@code n} bytes compared elsewhere (by {@code verify} against their checksums). */
  public synchronized void bytesCompared(long n) {
    bytesCompared += n;
  }

  /**
   * Compares stored bytes read back with what they must be; a difference counts as data lost.
   *
   * @return true if they are equal
   */
  public synchronized boolean compare(String what, byte[] actual, byte[] expected) {
    bytesCompared += actual.length;
    if (Arrays.equals(actual, expected)) {
      return true;
    }
    lost(
        what
            + ": read "
            + actual.length
            + " bytes that differ from the "
            + expected.length
            + " written");
    return false;
  }

  /** As {@link #compare}, against the SHA-256 (hex) of what was written. */
  public synchronized boolean compareSha256(String what, byte[] actual, String expectedSha256) {
    bytesCompared += actual.length;
    String sha = Bytes.sha256(actual);
    if (sha.equals(expectedSha256)) {
      return true;
    }
    lost(
        what
            + ": read "
            + actual.length
            + " bytes with SHA-256 "
            + sha
            + ", written "
            + expectedSha256);
    return false;
  }

  /** Counts a stored blob whose bytes are missing or wrong (found by a comparison). */
  public synchronized void lost(String what) {
    lost++;
    problems.add("data lost: " + what);
  }

  /** Counts a failed check that is not about stored bytes. */
  public synchronized void failed(String what) {
    failedChecks++;
    problems.add(what);
  }

  /**
   * Adds the findings of a run made elsewhere (a testkit load or crash run): {@code lost} stored
   * blobs whose bytes were missing or wrong, {@code failed} other failed checks, and their lines.
   */
  public synchronized void add(long lost, long failed, List<String> lines) {
    this.lost += lost;
    this.failedChecks += failed;
    problems.addAll(lines);
    if (lines.isEmpty() && lost + failed > 0) {
      problems.add(lost + " data lost and " + failed + " other failed checks, without detail");
    }
  }

  /** Every problem so far, one line each. */
  public synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Asserts that the scenario passed (no data lost, no other failed check), then records its row
   * with {@code faults} in words. A scenario with stored data that compared no byte at all (a crash
   * run whose workers committed nothing on a loaded machine) shows its data lost as n/a: nothing
   * was at stake.
   */
  public synchronized void pass(String faults) {
    assertThat(problems).as("%s: problems", name).isEmpty();
    boolean compared = storedData && bytesCompared > 0;
    if (storedData && !compared) {
      System.out.println("reliability: " + name + " compared no stored bytes: data lost n/a");
    }
    ReliabilityTable.record(
        new ReliabilityTable.Row(
            name,
            faults,
            operations,
            storedData || bytesCompared > 0 ? bytesCompared : null,
            compared ? lost : null,
            failedChecks,
            (System.nanoTime() - t0) / 1e9));
  }
}
