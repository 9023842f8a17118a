package dev.blobkeep.reliability;

import dev.blobkeep.testkit.CrashRounds;
import dev.blobkeep.testkit.PgAvailable;
import dev.blobkeep.testkit.PgFixture;
import dev.blobkeep.testkit.SqliteFixture;
import dev.blobkeep.testkit.StoreFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  private void run(String name, Supplier<StoreFixture> database) throws Exception {
    long seed = new Random().nextLong();
    Scenario scenario = Scenario.storedData(name);
    CrashRounds.Result r;
    try (StoreFixture fixture = database.get()) {
      r = CrashRounds.run(fixture, KILLS, tmp, seed);
    }
    scenario.operations(r.operations());
    scenario.bytesCompared(r.bytesChecked());
    List<String> lines = new ArrayList<>();
    r.problems().forEach(p -> lines.add(p + " (seed " + seed + ")"));
    scenario.add(r.lost(), r.problems().size() - r.lost(), lines);
    scenario.pass(r.kills() + " SIGKILLs");
  }
}
