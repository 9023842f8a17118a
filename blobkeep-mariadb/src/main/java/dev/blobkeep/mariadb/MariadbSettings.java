package dev.blobkeep.mariadb;

import dev.blobkeep.StoreOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The session every pooled connection of an opened store gets, set by the driver on every physical
 * connection it makes ({@code sessionVariables}), including the one a multi-host URL moves to after
 * a failover: a session set up once by the pool would lose these settings when the driver
 * reconnected to another node under it.
 *
 * <ul>
 *   <li>{@code sql_mode} strict, so that a value that does not fit a column fails instead of being
 *       cut, and without {@code ANSI_QUOTES} or {@code PIPES_AS_CONCAT}, which the statements do
 *       not expect;
 *   <li>{@code innodb_lock_wait_timeout} = lockTimeout, rounded up to whole seconds: a statement
 *       waits for a row lock no longer than an operation waits in total;
 *   <li>{@code wsrep_sync_wait = 1} on a Galera node: a read first waits until the node has applied
 *       every write the cluster committed before it, so a blob written through one node is read at
 *       once through another;
 *   <li>{@code tx_read_only = 1} when the store is {@code readOnly}, so that the server itself
 *       refuses a write the engine let through.
 * </ul>
 */
final class MariadbSettings {
  static final String SQL_MODE =
      "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

  /** The driver's URL parameter that sets session variables on every connection it makes. */
  static final String PARAMETER = "sessionVariables";

  private MariadbSettings() {}

  /** The session's variables as Connector/J's {@code sessionVariables} takes them. */
  static String sessionVariables(StoreOptions options, ServerFacts facts) {
    List<String> set = new ArrayList<>();
    set.add("sql_mode='" + SQL_MODE + "'");
    long seconds = Math.max(1, (options.lockTimeout().toMillis() + 999) / 1000);
    set.add("innodb_lock_wait_timeout=" + seconds);
    if (facts.galera()) {
      set.add("wsrep_sync_wait=1");
    }
    if (options.readOnly()) {
      set.add("tx_read_only=1");
    }
    return String.join(",", set);
  }

  /**
   * {@code url} with the store's session variables: after the caller's own {@code
   * sessionVariables}, if the URL has some (every such parameter, in any case, merged into one), so
   * that the store's settings win where both set one.
   */
  static String withSession(String url, StoreOptions options, ServerFacts facts) {
    return UrlQuery.mergeList(url, PARAMETER, sessionVariables(options, facts));
  }
}
