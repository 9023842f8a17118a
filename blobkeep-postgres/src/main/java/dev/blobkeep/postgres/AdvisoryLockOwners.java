package dev.blobkeep.postgres;

import dev.blobkeep.StoreException;
import dev.blobkeep.spi.Owners;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Owner liveness through session-level advisory locks. A live owner holds {@code
 * pg_advisory_lock(key)} ({@link Locks#ownerKey}) on a dedicated connection that no pool hands out;
 * the server drops the lock when that session ends, however the process dies. Another store asks
 * with {@code pg_try_advisory_lock} and an immediate unlock on one of its pooled connections.
 *
 * <p>Never answers "dead" for a live owner: a failed probe answers "alive", and if advisory locks
 * do not work on the server (CockroachDB's are stubs that always succeed; some
 * PostgreSQL-compatible servers lack them), every other owner counts as alive, so uploads left by a
 * crashed process stay as invisible pending rows instead of being removed. A watchdog checks the
 * dedicated connection every {@value #CHECK_SECONDS} s and, if it was lost, reconnects and takes
 * the locks again.
 *
 * <p>Thread-safe.
 */
final class AdvisoryLockOwners implements Owners {
  static final int CHECK_SECONDS = 5;
  private static final int VALID_SECONDS = 5;
  private static final String LOCK = "SELECT pg_try_advisory_lock(?)";
  private static final String UNLOCK = "SELECT pg_advisory_unlock(?)";
  // One statement, so a probe never keeps the lock on a pooled session it goes back into.
  private static final String PROBE =
      "SELECT CASE WHEN pg_try_advisory_lock(?) THEN NOT pg_advisory_unlock(?) ELSE true END";
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  /** Opens a new, non-pooled connection. */
  interface Connector {
    Connection connect() throws SQLException;
  }

  private final Connector dedicated;
  private final DataSource probes;
  private final Server server;
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private volatile boolean unsupported;
  private Connection connection; // guarded by lock
  private ScheduledFuture<?> check; // guarded by lock

  /**
   * @param dedicated opens the connection that holds the locks
   * @param probes connections to probe other owners from
   * @param server for messages
   * @param unsupported true if the server is known to lack working advisory locks
   */
  AdvisoryLockOwners(Connector dedicated, DataSource probes, Server server, boolean unsupported) {
    this.dedicated = dedicated;
    this.probes = probes;
    this.server = server;
    this.unsupported = unsupported;
  }

  @Override
  public void register(String ownerId) {
    synchronized (lock) {
      if (!unsupported) {
        try {
          Connection c = connection();
          if (!lock(c, ownerId)) {
            throw new StoreException(
                "cannot register upload owner "
                    + ownerId
                    + " on "
                    + server.location()
                    + ": its advisory lock "
                    + Locks.ownerKey(ownerId)
                    + " is held by another session (a key collision); open the store again");
          }
          if (!probe(ownerId)) {
            // The lock we hold looks free from another session: the server's locks are stubs.
            unlockQuietly(c, ownerId);
            unsupported = true;
            closeConnection();
          }
        } catch (SQLException e) {
          if (!lacksAdvisoryLocks(e)) {
            throw ServerErrors.translate(
                e, "registering upload owner " + ownerId, server.location(), server);
          }
          unsupported = true;
          closeConnection();
        }
      }
      held.add(ownerId);
      if (!unsupported && check == null) {
        check =
            WATCHDOG.scheduleWithFixedDelay(
                this::checkConnection, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public boolean isAlive(String ownerId) {
    if (held.contains(ownerId) || unsupported) {
      return true;
    }
    try {
      return probe(ownerId);
    } catch (SQLException e) {
      return true; // cannot tell: never call a live owner dead
    }
  }

  @Override
  public void release(String ownerId) {
    synchronized (lock) {
      if (!held.remove(ownerId)) {
        return;
      }
      if (connection != null) {
        unlockQuietly(connection, ownerId);
      }
      if (held.isEmpty()) {
        stop();
      }
    }
  }

  /** Releases every owner and closes the dedicated connection. Idempotent. */
  void close() {
    synchronized (lock) {
      held.clear();
      stop();
    }
  }

  /** True if advisory locks were found not to work and every other owner counts as alive. */
  boolean unsupported() {
    return unsupported;
  }

  /**
   * Reconnects and takes the locks again if the dedicated connection was lost (the server
   * restarted, the session was terminated, the network dropped it). Run by the watchdog; a failure
   * is retried at the next check.
   */
  void checkConnection() {
    synchronized (lock) {
      if (held.isEmpty() || unsupported) {
        return;
      }
      try {
        if (connection != null && connection.isValid(VALID_SECONDS)) {
          return;
        }
        closeConnection();
        Connection c = connection();
        for (String ownerId : held) {
          lock(c, ownerId); // false only while another store probes it: retried next check
        }
      } catch (SQLException e) {
        closeConnection(); // the server is unreachable: try again at the next check
      }
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = dedicated.connect();
      connection.setAutoCommit(true);
    }
    return connection;
  }

  private static boolean lock(Connection c, String ownerId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LOCK)) {
      ps.setLong(1, Locks.ownerKey(ownerId));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static void unlockQuietly(Connection c, String ownerId) {
    try (PreparedStatement ps = c.prepareStatement(UNLOCK)) {
      ps.setLong(1, Locks.ownerKey(ownerId));
      ps.execute();
    } catch (SQLException e) {
      // the lock ends with the session at the latest
    }
  }

  /** True if some session holds the owner's lock. */
  private boolean probe(String ownerId) throws SQLException {
    long key = Locks.ownerKey(ownerId);
    try (Connection c = probes.getConnection();
        PreparedStatement ps = c.prepareStatement(PROBE)) {
      ps.setLong(1, key);
      ps.setLong(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        return !rs.next() || rs.getBoolean(1);
      }
    }
  }

  /** Undefined function, feature not supported. */
  private static boolean lacksAdvisoryLocks(SQLException e) {
    String state = ServerErrors.state(e);
    return "42883".equals(state) || "0A000".equals(state);
  }

  private void stop() {
    if (check != null) {
      check.cancel(false);
      check = null;
    }
    closeConnection();
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // a broken connection is closed already
      }
      connection = null;
    }
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor e =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "blobkeep-postgres owner watchdog");
              t.setDaemon(true);
              return t;
            });
    e.setRemoveOnCancelPolicy(true);
    return e;
  }
}
