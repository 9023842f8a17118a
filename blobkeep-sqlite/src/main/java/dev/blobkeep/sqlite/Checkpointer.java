package dev.blobkeep.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;

/**
 * Copies the write-ahead log back into the database from a background thread with passive
 * checkpoints, which never wait for and never block readers or writers, and keeps the {@code -wal}
 * file bounded.
 *
 * <p>Without it SQLite checkpoints inside whichever commit crosses the log threshold, so one small
 * put pays for copying megabytes that a large upload wrote: measured stalls of several seconds for
 * small operations beside a 2 GiB upload. Connections keep a high {@code wal_autocheckpoint} as a
 * backstop should this thread fall behind.
 *
 * <p>The bound: SQLite truncates the log to {@code journal_size_limit} ({@link
 * dev.blobkeep.StoreOptions#walSizeLimit}) when a writer starts it over, but after the last write
 * of a large upload nothing starts it over, and the file would keep its gigabytes. So when a
 * passive checkpoint has copied the whole log, no commit came since the round before (the log is
 * unchanged; an upload whose stream is slower than a batch per round may still be truncated between
 * two batches) and the file is larger than the limit, this thread runs {@code
 * wal_checkpoint(TRUNCATE)} on a connection of its own that never waits for a lock: it succeeds
 * when no reader or writer is using the log, else it gives up at once and tries again next round.
 * Once started it holds the write lock through a sync of the database file, so it waits for a quiet
 * log: run between the batches of 1 GiB uploads, it kept each waiting to begin its next batches for
 * about 0.9 s of its 3.8-4.8 s (a profile of three puts).
 */
final class Checkpointer implements AutoCloseable {
  static final long INTERVAL_MS = 200;

  private final DataSource dataSource;
  private final Path wal;
  private final String url;
  private final long limit;
  private final ScheduledExecutorService timer;
  private Connection truncating; // used by the timer thread only
  private long lastFrames = -1; // the log's frames at the last round, or -1; timer thread only

  /**
   * @param file the database file
   * @param limit the {@code -wal} size above which a fully copied log is truncated
   */
  Checkpointer(DataSource dataSource, Path file, long limit) {
    this.dataSource = dataSource;
    this.wal = file.resolveSibling(file.getFileName() + "-wal");
    this.url = "jdbc:sqlite:" + file.toAbsolutePath();
    this.limit = limit;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "blobkeep-checkpoint " + file.getFileName());
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::checkpoint, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
  }

  private void checkpoint() {
    boolean copiedAll;
    boolean quiet;
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      // (busy, frames in the log, frames copied): -1 frames when the database is not in WAL mode
      long frames = rs.next() && rs.getInt(1) == 0 ? rs.getLong(2) : -1;
      copiedAll = frames >= 0 && frames == rs.getLong(3);
      quiet = frames == lastFrames;
      lastFrames = frames;
    } catch (SQLException | RuntimeException e) {
      lastFrames = -1;
      return; // Busy or closing: the next round, or the backstop, catches up.
    }
    if (copiedAll && quiet && walSize() > limit) {
      truncate();
    }
  }

  private void truncate() {
    try {
      if (truncating == null) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(0); // never wait: a busy log is truncated in a later round
        truncating = config.createConnection(url);
      }
      try (Statement s = truncating.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    } catch (SQLException e) {
      closeTruncating(); // busy, or the connection is broken: a new one next time
    }
  }

  private long walSize() {
    try {
      return Files.size(wal);
    } catch (IOException e) {
      return 0; // no log file: nothing to bound
    }
  }

  private void closeTruncating() {
    if (truncating != null) {
      try {
        truncating.close();
      } catch (SQLException ignored) {
        // closing a broken connection
      }
      truncating = null;
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
    closeTruncating();
  }
}
