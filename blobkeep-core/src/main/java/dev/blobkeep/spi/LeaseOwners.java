package dev.blobkeep.spi;

import dev.blobkeep.BlobkeepException;
import dev.blobkeep.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Owner liveness through leases in a table ({@code owner, heartbeat, expires}, times in epoch
 * milliseconds of the database server's clock, so the clocks of the processes never need to agree).
 * A live owner renews its lease every {@code interval} on a daemon thread, each time until {@code
 * expiry} from the server's now; an owner whose lease has expired, or has no lease row, is dead.
 * Unlike session locks, leases are ordinary rows: they are replicated to standbys and survive a
 * failover, and every engine that runs the store's SQL supports them.
 *
 * <p>A process paused for longer than {@code expiry} (or cut off from the database) loses its lease
 * and another store's garbage collector may then collect its uploads. Such an upload calls {@link
 * #confirm} before it stages more or publishes: the lease is renewed first, and the upload's own
 * "still pending" check in the same transaction then either finds its row untouched and goes on, or
 * fails with nothing visible.
 *
 * <p>{@link #isAlive} answers "alive" when the table cannot be read: it never calls a live owner
 * dead. Thread-safe.
 */
public final class LeaseOwners implements Owners {
  private static final ScheduledThreadPoolExecutor RENEWER = renewer();

  private final DataSource db;
  private final String table;
  private final String now;
  private final long intervalMs;
  private final long expiryMs;
  private final String location;
  private final Translator translator;

  /** Owners held by this process, with the {@link System#nanoTime()} their lease was last taken. */
  private final Map<String, Long> held = new ConcurrentHashMap<>();

  private final Object lock = new Object();
  private final Object renewing = new Object(); // orders renewals against release
  private ScheduledFuture<?> renewal; // guarded by lock

  /**
   * @param db connections to the store's database, in auto-commit mode
   * @param table the qualified name of the lease table, which the store's schema holds
   * @param nowMillis an SQL expression for the server's current time in epoch milliseconds
   * @param interval how often a live owner renews its lease
   * @param expiry how long a lease lasts after its renewal; more than twice {@code interval}
   * @param location the store's location, for messages
   * @param translator the dialect's {@link Dialect#translate}, so that a failure says what to do (a
   *     read-only server, a missing grant) as every other statement's does
   */
  public LeaseOwners(
      DataSource db,
      String table,
      String nowMillis,
      Duration interval,
      Duration expiry,
      String location,
      Translator translator) {
    if (expiry.compareTo(interval.multipliedBy(2)) <= 0) {
      throw new IllegalArgumentException(
          "lease expiry must be more than twice the interval, got " + expiry + " and " + interval);
    }
    this.db = db;
    this.table = table;
    this.now = nowMillis;
    this.intervalMs = interval.toMillis();
    this.expiryMs = expiry.toMillis();
    this.location = location;
    this.translator = translator;
  }

  /** Turns a failed statement into the store's one-line exception, as {@link Dialect#translate}. */
  @FunctionalInterface
  public interface Translator {
    /**
     * @param e the failure
     * @param action what was being done, for the message
     * @param location the store's location, for the message
     * @return the exception to throw
     */
    BlobkeepException translate(SQLException e, String action, String location);
  }

  /**
   * The statement that creates a lease table named {@code table} if it is missing, in SQL every
   * supported engine accepts.
   *
   * @param table the lease table's qualified name
   * @return the statement
   */
  public static String createTableStatement(String table) {
    return "CREATE TABLE IF NOT EXISTS "
        + table
        + " (owner text PRIMARY KEY, heartbeat bigint NOT NULL, expires bigint NOT NULL)";
  }

  /**
   * Removes leases that have expired, takes a lease for {@code ownerId} and starts renewing it.
   *
   * @throws BlobkeepException if the lease cannot be taken: a {@link StoreException}, or what the
   *     dialect makes of the failure (a read-only server, a missing grant)
   */
  @Override
  public void register(String ownerId) {
    try {
      try (Connection c = db.getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM " + table + " WHERE expires < " + now);
      }
      synchronized (renewing) {
        held.put(ownerId, renew(ownerId));
      }
    } catch (SQLException e) {
      throw failure("registering upload owner " + ownerId, e);
    }
    synchronized (lock) {
      if (renewal == null) {
        renewal =
            RENEWER.scheduleWithFixedDelay(
                this::renewAll, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
      }
    }
  }

  /** True if {@code ownerId} is held here, or its lease row has not expired. */
  @Override
  public boolean isAlive(String ownerId) {
    if (held.containsKey(ownerId)) {
      return true;
    }
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT CASE WHEN expires >= "
                    + now
                    + " THEN 1 ELSE 0 END FROM "
                    + table
                    + " WHERE owner = ?")) {
      ps.setString(1, ownerId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getInt(1) == 1;
      }
    } catch (SQLException e) {
      return true; // cannot tell: never call a live owner dead
    }
  }

  /**
   * Renews {@code ownerId}'s lease at once unless it was renewed less than {@code expiry -
   * interval} ago, which leaves time for the work that follows before anyone may count the owner
   * dead.
   *
   * @throws BlobkeepException if the lease must be renewed and cannot be (see {@link #register})
   */
  @Override
  public void confirm(String ownerId) {
    Long taken = held.get(ownerId);
    if (taken == null) {
      return; // released: the store is closing, and its uploads fail on their own
    }
    long age = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - taken);
    if (age < expiryMs - intervalMs) {
      return;
    }
    try {
      renewIfHeld(ownerId);
    } catch (SQLException e) {
      throw failure(
          "renewing the lease of upload owner "
              + ownerId
              + " (last renewed "
              + age
              + " ms ago, expiry "
              + expiryMs
              + " ms)",
          e);
    }
  }

  /** Deletes {@code ownerId}'s lease, so its leftovers are collected at once. */
  @Override
  public void release(String ownerId) {
    synchronized (renewing) {
      if (held.remove(ownerId) == null) {
        return;
      }
    }
    synchronized (lock) {
      if (held.isEmpty() && renewal != null) {
        renewal.cancel(false);
        renewal = null;
      }
    }
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE owner = ?")) {
      ps.setString(1, ownerId);
      ps.executeUpdate();
    } catch (SQLException e) {
      // the lease expires on its own
    }
  }

  /** Renews the lease of an owner still held; a released one stays released. */
  private void renewIfHeld(String ownerId) throws SQLException {
    synchronized (renewing) {
      if (held.containsKey(ownerId)) {
        held.put(ownerId, renew(ownerId));
      }
    }
  }

  /**
   * Extends the lease, or takes it again if it was removed (expired and cleaned up).
   *
   * @return the {@link System#nanoTime()} before the renewal, from which the lease lasts
   */
  private long renew(String ownerId) throws SQLException {
    long started = System.nanoTime();
    try (Connection c = db.getConnection()) {
      int updated;
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE "
                  + table
                  + " SET heartbeat = "
                  + now
                  + ", expires = "
                  + now
                  + " + ? WHERE owner = ?")) {
        ps.setLong(1, expiryMs);
        ps.setString(2, ownerId);
        updated = ps.executeUpdate();
      }
      if (updated == 0) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (owner, heartbeat, expires) VALUES (?, "
                    + now
                    + ", "
                    + now
                    + " + ?)")) {
          ps.setString(1, ownerId);
          ps.setLong(2, expiryMs);
          ps.executeUpdate();
        }
      }
    }
    return started;
  }

  /** Run by the renewer; a failure is retried at the next interval, the lease may lapse. */
  private void renewAll() {
    for (String ownerId : held.keySet()) {
      try {
        renewIfHeld(ownerId);
      } catch (SQLException | RuntimeException e) {
        // unreachable for now: confirm() renews before an upload goes on
      }
    }
  }

  private BlobkeepException failure(String action, SQLException e) {
    return translator.translate(e, action, location);
  }

  private static ScheduledThreadPoolExecutor renewer() {
    ScheduledThreadPoolExecutor e =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "blobkeep lease renewer");
              t.setDaemon(true);
              return t;
            });
    e.setRemoveOnCancelPolicy(true);
    return e;
  }
}
