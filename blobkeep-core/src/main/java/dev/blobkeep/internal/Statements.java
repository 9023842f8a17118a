package dev.blobkeep.internal;

import dev.blobkeep.BlobkeepException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements of the engine's fixed SQL, kept per physical connection of a pool the store
 * owns. Preparing is most of the cost of a small read on SQLite (the driver parses the SQL and
 * decodes every result column's name through JNI each time), so a statement is prepared once per
 * connection and reused.
 *
 * <p>Statements are prepared on the {@linkplain Connection#unwrap unwrapped} connection: the pool's
 * proxy closes the statements it made when the connection goes back to the pool. A statement is
 * taken out of the cache while in use and put back after, so two users of one connection at once
 * (threads sharing a transaction, or a statement used inside another's work) never share one: the
 * second prepares its own. Connections the pool closed are dropped from the cache the next time a
 * connection is seen for the first time. For a caller's own connections nothing is kept ({@link
 * #NONE}): the store cannot know when their owner closes or shares them.
 */
final class Statements {
  /** Prepares afresh for every use and closes after it. */
  static final Statements NONE = new Statements(false);

  /**
   * More distinct statements than the engine's fixed ones plus the listing shapes it caches ({@link
   * Listing#MAX_CACHED_FIELDS}) means a bug; extra ones are not kept.
   */
  static final int MAX_PER_CONNECTION = 128;

  private final boolean caching;
  private final Map<Connection, Map<String, PreparedStatement>> byConnection =
      new ConcurrentHashMap<>();

  private Statements(boolean caching) {
    this.caching = caching;
  }

  /** A cache for connections of a pool the store owns. */
  static Statements cached() {
    return new Statements(true);
  }

  /** Work with one prepared statement; it must close every result set it opens. */
  @FunctionalInterface
  interface Use<T> {
    T run(PreparedStatement ps) throws SQLException;
  }

  /**
   * Runs {@code use} with a statement for {@code sql} on {@code c}. After a database failure the
   * statement is closed and not reused, whatever state the failure left it in.
   */
  <T> T with(Connection c, String sql, Use<T> use) throws SQLException {
    if (!caching) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        return use.run(ps);
      }
    }
    Connection physical = c.unwrap(Connection.class);
    Map<String, PreparedStatement> mine = byConnection.get(physical);
    if (mine == null) {
      byConnection.keySet().removeIf(Statements::isClosed);
      mine = byConnection.computeIfAbsent(physical, k -> new ConcurrentHashMap<>());
    }
    PreparedStatement ps = mine.remove(sql); // checked out: nobody else uses it meanwhile
    if (ps == null || ps.isClosed()) {
      ps = physical.prepareStatement(sql);
    }
    T result;
    try {
      result = use.run(ps);
      ps.clearParameters(); // drops references to bound chunks
    } catch (BlobkeepException e) {
      // the work's own verdict (blob gone, corrupt): the statement is fine
      ps.clearParameters();
      giveBack(mine, sql, ps);
      throw e;
    } catch (SQLException | RuntimeException | Error e) {
      closeQuietly(ps);
      throw e;
    }
    giveBack(mine, sql, ps);
    return result;
  }

  /** Returns a statement to the cache, or closes it if one for the same SQL is already there. */
  private static void giveBack(
      Map<String, PreparedStatement> mine, String sql, PreparedStatement ps) {
    if (mine.size() >= MAX_PER_CONNECTION || mine.putIfAbsent(sql, ps) != null) {
      closeQuietly(ps);
    }
  }

  /**
   * Forgets every kept statement, for when the store closes. They are not closed here, since a
   * thread may still be finishing with one; closing the pool closes their connections, and a
   * connection's statements with it.
   */
  void clear() {
    byConnection.clear();
  }

  /** True if a statement for {@code sql} is kept for {@code c}'s physical connection, for tests. */
  boolean keeps(Connection c, String sql) throws SQLException {
    Map<String, PreparedStatement> mine = byConnection.get(c.unwrap(Connection.class));
    return mine != null && mine.containsKey(sql);
  }

  private static boolean isClosed(Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  private static void closeQuietly(PreparedStatement ps) {
    try {
      ps.close();
    } catch (SQLException ignored) {
      // a statement that cannot be closed belongs to a connection that is gone
    }
  }
}
