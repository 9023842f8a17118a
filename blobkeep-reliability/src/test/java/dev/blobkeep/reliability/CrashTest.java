package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.testkit.CrashRounds;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM doing random puts, in-place writes, resizes and deletes is killed with SIGKILL at random
 * moments, 10 times (soak: 50); after each kill the store opens, every committed blob reads back
 * with its SHA-256, nothing partial or pending is visible and {@code verifyAll} passes. On
 * PostgreSQL the killed JVM is the client.
 */
class CrashTest {
  private static final int KILLS = Soak.pick(10, 50);

  @TempDir Path tmp;

  @Test
  void sqliteWriterKilledLosesNothingCommitted() throws Exception {
    run("crash: SIGKILL of a writer JVM (SQLite)", SqliteFixture::new);
  }

  @Test
  @ExtendWith(PgAvailable.class)
  void postgresClientKilledLosesNothingCommitted() throws Exception {
    run("crash: SIGKILL of a client JVM (PostgreSQL)", PgFixture::new);
  }

  private void run(String scenario, Supplier<StoreFixture> database) throws Exception {
    long seed = new Random().nextLong();
    long t0 = System.nanoTime();
    CrashRounds.Result r;
    try (StoreFixture fixture = database.get()) {
      r = CrashRounds.run(fixture, KILLS, tmp, seed);
    }
    ReliabilityTable.record(
        new ReliabilityTable.Row(
            scenario,
            r.kills() + " SIGKILLs",
            r.operations(),
            r.bytesChecked(),
            r.problems().size(),
            (System.nanoTime() - t0) / 1e9));
    assertThat(r.problems()).as("problems (seed %d)", seed).isEmpty();
  }
}
