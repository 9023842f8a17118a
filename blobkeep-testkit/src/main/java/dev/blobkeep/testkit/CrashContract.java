package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM running {@link CrashWorker} is killed with SIGKILL at random moments; after each kill
 * the store opens, nothing partial or pending is visible, {@code verifyAll} passes, and every key
 * holds a state its journal allows. The rounds are {@link CrashRounds}'; this contract fails with
 * every problem they found. Kills: system property {@code blobkeep.crash.kills} (default 10).
 */
public abstract class CrashContract {
  @TempDir protected Path tmp;

  /** A fresh, empty database; closed by the test. */
  protected abstract StoreFixture newFixture();

  protected int kills() {
    return Integer.getInteger("blobkeep.crash.kills", 10);
  }

  @Test
  void killedWritersLoseNothingCommittedAndLeaveNothingVisible() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("crash test seed " + seed);
    CrashRounds.Result r;
    try (StoreFixture fixture = newFixture()) {
      r = CrashRounds.run(fixture, kills(), tmp, seed);
    }
    assertThat(r.problems()).as("problems (seed %d)", seed).isEmpty();
    System.out.printf(
        Locale.ROOT,
        "crash test: %d kills, %d operations committed, %d bytes checked, 0 lost%n",
        r.kills(),
        r.operations(),
        r.bytesChecked());
  }
}
