package dev.blobkeep.postgres;

import dev.blobkeep.BlobkeepException;
import dev.blobkeep.StoreException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns pgjdbc and HikariCP failures into one-line messages: what happened, on which server ({@code
 * host:port/database}, never the password), and what to do. Decided by SQLSTATE.
 */
final class ServerErrors {
  private ServerErrors() {}

  /** The first SQLSTATE found on the exception, its chained exceptions or its causes, or null. */
  static String state(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        for (SQLException n = s; n != null; n = n.getNextException()) {
          if (n.getSQLState() != null) {
            return n.getSQLState();
          }
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** The constraint a server error names, or null. */
  static String constraint(SQLException e) {
    ServerErrorMessage m = serverMessage(e);
    return m == null ? null : m.getConstraint();
  }

  private static ServerErrorMessage serverMessage(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
        return p.getServerErrorMessage();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** The server's message without its {@code ERROR:} prefix, or the driver's first line. */
  static String text(SQLException e) {
    ServerErrorMessage m = serverMessage(e);
    if (m != null && m.getMessage() != null) {
      return m.getMessage();
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return firstLine(s);
      }
    }
    return firstLine(e);
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** A one-line {@link StoreException} for a failure during {@code action}. */
  static BlobkeepException translate(
      SQLException e, String action, String location, Server server) {
    return new StoreException(
        action + " failed on PostgreSQL store " + location + ": " + explain(e, server), e);
  }

  /** What went wrong and what to do, for the part of the message after the colon. */
  static String explain(SQLException e, Server server) {
    String state = state(e);
    String text = text(e);
    String address = server.address();
    String user = server.user() == null ? "(default user)" : server.user();
    if (e instanceof SQLTransientConnectionException && (state == null || !isConnection(state))) {
      return "no pooled connection became free in time ("
          + firstLine(e)
          + "); raise poolSize or lockTimeout, or close streams, channels and transactions"
          + " sooner";
    }
    if (state == null) {
      return text;
    }
    return switch (state) {
      case "08001", "08004" ->
          "cannot connect to server "
              + address
              + ": "
              + connectFailure(e, text)
              + "; check that PostgreSQL is running there and accepts TCP connections"
              + " (host, port, listen_addresses, firewall)";
      case "28P01" ->
          "password authentication failed for user "
              + user
              + " on server "
              + address
              + "; check the password (URL parameter password, PGPASSWORD or ~/.pgpass)";
      case "28000" ->
          "server "
              + address
              + " refused user "
              + user
              + ": "
              + text
              + "; check the user name, that the role may log in, and the server's pg_hba.conf";
      case "3D000" ->
          "database "
              + server.database()
              + " does not exist on server "
              + server.hosts()
              + "; create it (CREATE DATABASE "
              + server.database()
              + ") or correct the URL";
      case "42501" ->
          text.contains("database")
              ? text
                  + "; grant CREATE on database "
                  + server.database()
                  + " to "
                  + user
                  + ", or have an administrator create schema "
                  + server.schema()
                  + " and grant "
                  + user
                  + " USAGE and CREATE on it"
              : text
                  + "; grant "
                  + user
                  + " USAGE on schema "
                  + server.schema()
                  + " and SELECT, INSERT, UPDATE, DELETE on its tables (and CREATE on the schema"
                  + " to create or upgrade the store)";
      case "53100" ->
          "the disk of server "
              + address
              + " is full ("
              + text
              + "); free space on the database server and retry; the failed transaction changed"
              + " nothing";
      case "53200" -> "server " + address + " is out of memory (" + text + "); retry later";
      case "53300" ->
          "server "
              + address
              + " has no free connection slots ("
              + text
              + "); lower poolSize, close other clients or raise max_connections";
      case "25006" ->
          "server "
              + address
              + " is read-only (a hot standby, or default_transaction_read_only is on); connect to"
              + " the primary";
      case "55P03" ->
          "waited longer than lockTimeout for a lock another transaction holds ("
              + text
              + "); retry, or raise lockTimeout";
      case "57014" ->
          "the server cancelled the statement (statement_timeout or a cancel"
              + " request): "
              + text;
      case "57P03" ->
          "server " + address + " is not accepting connections yet: " + text + "; retry shortly";
      case "40001", "40P01" ->
          "the transaction conflicted with a concurrent one ("
              + text
              + "); run the whole transaction again";
      case "23505" ->
          PostgresDialect.KEY_INDEX.equals(constraint(e))
              ? "a concurrent transaction published another blob under the same bucket and key;"
                  + " run the transaction again"
              : text;
      case "22P05", "22021" ->
          text + "; PostgreSQL text and jsonb cannot hold U+0000 (NUL): remove it from the value";
      case "42P01" ->
          "a table of the store is missing ("
              + text
              + "); it was dropped outside blobkeep: restore it from a backup or use a new schema";
      case "0A000", "42883" ->
          "server "
              + address
              + " does not support what blobkeep needs ("
              + text
              + "); blobkeep needs PostgreSQL 11 or later";
      default ->
          isConnection(state)
              ? "the connection to server "
                  + address
                  + " was lost ("
                  + text
                  + "); retry when the server is reachable again"
              : text + " (SQLSTATE " + state + ")";
    };
  }

  /** Connection exceptions (class 08) and server shutdowns (57P01, 57P02). */
  static boolean isConnection(String state) {
    String s = state.toUpperCase(Locale.ROOT);
    return s.startsWith("08") || s.equals("57P01") || s.equals("57P02");
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
