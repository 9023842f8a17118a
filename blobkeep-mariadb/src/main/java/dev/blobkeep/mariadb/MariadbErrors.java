package dev.blobkeep.mariadb;

import dev.blobkeep.BlobkeepException;
import dev.blobkeep.StoreException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns MariaDB Connector/J and HikariCP failures into one-line messages: what happened, on which
 * server ({@code host:port/database}, never the password), and what to do. Decided by the server's
 * error number, then by SQLSTATE.
 */
final class MariadbErrors {
  static final int DUPLICATE_KEY = 1062;
  static final int DEADLOCK = 1213;
  static final int SAVEPOINT_DOES_NOT_EXIST = 1305;
  static final int LOCK_WAIT_TIMEOUT = 1205;
  static final int RECORD_CHANGED = 1020;
  static final int UNKNOWN_DATABASE = 1049;
  static final int SERVER_SHUTDOWN = 1053;
  static final int CONNECTION_KILLED = 1927;
  static final int WSREP_NOT_READY = 1047;

  private MariadbErrors() {}

  /** The first server error number found on the exception or its causes, or 0. */
  static int code(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        for (SQLException n = s; n != null; n = n.getNextException()) {
          if (n.getErrorCode() != 0) {
            return n.getErrorCode();
          }
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return 0;
  }

  /** The first SQLSTATE found on the exception or its causes, or null. */
  static String state(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /**
   * Deadlocks and Galera certification failures (1213, SQLSTATE 40001), InnoDB snapshot conflicts
   * (1020), and a duplicate on the (bucket, key) index: two uploads published under one key at
   * once, which a run again sees and orders.
   */
  static boolean isRetryable(SQLException e) {
    int code = code(e);
    if (code == DEADLOCK || code == RECORD_CHANGED || "40001".equals(state(e))) {
      return true;
    }
    return code == DUPLICATE_KEY && text(e).contains(MariadbDialect.KEY_INDEX);
  }

  /**
   * Server shutdown, a killed connection, a Galera node not ready (the session is unusable), or
   * SQLSTATE 25S03: Connector/J moved a multi-host connection to another node and the transaction
   * in progress was lost with the old one.
   */
  static boolean isConnectionLost(SQLException e) {
    int code = code(e);
    return code == SERVER_SHUTDOWN
        || code == CONNECTION_KILLED
        || code == WSREP_NOT_READY
        || TRANSACTION_LOST_BY_FAILOVER.equals(state(e));
  }

  /** SQLSTATE of a transaction lost when the driver reconnected to another host. */
  static final String TRANSACTION_LOST_BY_FAILOVER = "25S03";

  /** The server's message, or the driver's first line. */
  static String text(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getErrorCode() != 0) {
        return firstLine(s);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return firstLine(e);
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    m = m.replaceFirst("^\\(conn=\\d+\\) ", "");
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** A one-line {@link StoreException} for a failure during {@code action}. */
  static BlobkeepException translate(
      SQLException e, String action, String location, Server server) {
    return new StoreException(
        action + " failed on MariaDB store " + location + ": " + explain(e, server), e);
  }

  /** What went wrong and what to do, for the part of the message after the colon. */
  static String explain(SQLException e, Server server) {
    int code = code(e);
    String state = state(e);
    String text = text(e);
    String address = server.address();
    String user = server.user() == null ? "(default user)" : server.user();
    if (e instanceof SQLTransientConnectionException
        && code == 0
        && !isConnection(state)
        && !TRANSACTION_LOST_BY_FAILOVER.equals(state)) {
      return "no pooled connection became free in time ("
          + firstLine(e)
          + "); raise poolSize or lockTimeout, or close streams, channels and transactions"
          + " sooner";
    }
    return switch (code) {
      case 1045 ->
          "access denied for user "
              + user
              + " on server "
              + address
              + " ("
              + text
              + "); check the user name and password (URL parameters user and password)";
      case 1044, 1142, 1143 ->
          text
              + "; grant "
              + user
              + " SELECT, INSERT, UPDATE, DELETE on "
              + server.database()
              + ".* (and CREATE, ALTER, INDEX to create or upgrade the store)";
      case UNKNOWN_DATABASE ->
          "database "
              + server.database()
              + " does not exist on server "
              + server.hosts()
              + "; create it (CREATE DATABASE "
              + server.database()
              + ") or correct the URL";
      case 1021, 1114 ->
          "the disk of server "
              + address
              + " is full ("
              + text
              + "); free space on the database server and retry; the failed transaction changed"
              + " nothing";
      case 1040, 1203 ->
          "server "
              + address
              + " has no free connection slots ("
              + text
              + "); lower poolSize, close other clients or raise max_connections";
      case 1290, 1792, 1836 ->
          "server "
              + address
              + " is read-only ("
              + text
              + "); connect to a writable server, or open the store read-only";
      case LOCK_WAIT_TIMEOUT ->
          "waited longer than lockTimeout for a lock another transaction holds ("
              + text
              + "); retry, or raise lockTimeout";
      case DEADLOCK, RECORD_CHANGED ->
          "the transaction conflicted with a concurrent one ("
              + text
              + "); run the whole transaction again";
      case DUPLICATE_KEY ->
          text.contains(MariadbDialect.KEY_INDEX)
              ? "a concurrent transaction published another blob under the same bucket and key;"
                  + " run the transaction again"
              : text;
      case 1146 ->
          "a table of the store is missing ("
              + text
              + "); it was dropped outside blobkeep: restore it from a backup or use a new"
              + " database";
      case 1153, 1301 ->
          text
              + "; raise the server's max_allowed_packet above the store's chunk size, or open"
              + " the store with a smaller chunkSize";
      case WSREP_NOT_READY ->
          "Galera node "
              + address
              + " is not ready ("
              + text
              + "); it is joining or lost its cluster: retry, or connect to another node";
      default -> defaultExplanation(e, code, state, text, address);
    };
  }

  private static String defaultExplanation(
      SQLException e, int code, String state, String text, String address) {
    if (state != null && (state.startsWith("08") || code == SERVER_SHUTDOWN)) {
      if (code == 0 && text.toLowerCase(java.util.Locale.ROOT).contains("connect")) {
        return "cannot connect to server "
            + address
            + ": "
            + connectFailure(e, text)
            + "; check that MariaDB is running there and accepts TCP connections"
            + " (host, port, bind-address, firewall)";
      }
      return "the connection to server "
          + address
          + " was lost ("
          + text
          + "); retry when the server is reachable again";
    }
    if (code == 0) {
      return state == null ? text : text + " (SQLSTATE " + state + ")";
    }
    return text + " (error " + code + (state == null ? "" : ", SQLSTATE " + state) + ")";
  }

  private static boolean isConnection(String state) {
    return state != null && state.startsWith("08");
  }

  /** Why a connection attempt failed, in a few words. */
  private static String connectFailure(Throwable e, String text) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) {
        return "unknown host";
      }
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof SocketTimeoutException) {
        return "connection timed out";
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return text;
  }
}
