package dev.blobkeep.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Runs a {@code SELECT count(*)} on a server fixture's admin connection until it counts zero: the
 * way the fixtures wait for worker sessions to end and for leases to expire. Not thread-safe; each
 * call uses the connection it is given.
 */
final class CountPoll {
  private CountPoll() {}

  /**
   * Polls {@code countQuery} every {@code every} until it returns 0 or {@code timeout} passes.
   *
   * @param absent failures meaning there is nothing to count yet (a missing table): counted as 0
   * @return true if it counted 0, false on timeout or interrupt (the interrupt flag is kept)
   */
  static boolean untilZero(
      Connection admin,
      String countQuery,
      Duration timeout,
      Duration every,
      Predicate<SQLException> absent) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection c = admin;
        Statement s = c.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = s.executeQuery(countQuery)) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return true;
          }
        } catch (SQLException e) {
          if (absent.test(e)) {
            return true;
          }
          throw e;
        }
        Thread.sleep(every.toMillis());
      }
      return false;
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
