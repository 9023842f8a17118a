package dev.blobkeep.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Copies the write-ahead log back into the database from a background thread with passive
 * checkpoints, which never wait for and never block readers or writers.
 *
 * <p>Without it SQLite checkpoints inside whichever commit crosses the log threshold, so one small
 * put pays for copying megabytes that a large upload wrote: measured stalls of several seconds for
 * small operations beside a 2 GiB upload. Connections keep a high {@code wal_autocheckpoint} as a
 * backstop should this thread fall behind.
 */
final class Checkpointer implements AutoCloseable {
  static final long INTERVAL_MS = 200;

  private final DataSource dataSource;
  private final ScheduledExecutorService timer;

  Checkpointer(DataSource dataSource, String name) {
    this.dataSource = dataSource;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "blobkeep-checkpoint " + name);
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::checkpoint, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
  }

  private void checkpoint() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException | RuntimeException e) {
      // Busy or closing: the next round, or the backstop, catches up.
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
