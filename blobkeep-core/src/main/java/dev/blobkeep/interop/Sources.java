package dev.blobkeep.interop;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Source databases named by JDBC URL: their names without passwords, and read-only connections to
 * them. The only place that knows about particular drivers. Thread-safe.
 */
final class Sources {
  /** A URL parameter whose name mentions a password ({@code password}, {@code sslpassword}). */
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("([?&;])([^=?&;#]*password[^=?&;#]*)=([^&;#]*)", Pattern.CASE_INSENSITIVE);

  /** The password in {@code //user:password@host}. */
  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@?#]*):([^/@?#]*)@");

  private Sources() {}

  /**
   * The URL without passwords: parameters whose name contains {@code password} (in the query
   * string, or {@code ;}-separated) and the password of {@code //user:password@host} are removed.
   * This is the name kept in {@value TableImport#SOURCE_FIELD} and shown in messages.
   */
  static String name(String url) {
    String out = USER_INFO_PASSWORD.matcher(url).replaceAll("$1@");
    Matcher m = SECRET_PARAMETER.matcher(out);
    StringBuilder kept = new StringBuilder();
    while (m.find()) {
      // The first parameter keeps its '?' so that the next one, now first, can take it over.
      m.appendReplacement(kept, m.group(1).equals("?") ? "?" : "");
    }
    m.appendTail(kept);
    return kept.toString().replace("?&", "?").replaceAll("[?&;]+(?=#|$)", "");
  }

  /**
   * Opens a connection to the source, read-only where the driver can make it so from the start:
   * SQLite opens the file read-only (and never creates a missing one); PostgreSQL is asked for
   * binary transfer from the first execution ({@code prepareThreshold=-1}), so a {@code bytea}
   * arrives as its bytes rather than as hex text of twice its size. Parameters in the URL win over
   * these.
   *
   * @throws ImportException naming the source without its password if no driver accepts the URL or
   *     the connection fails
   */
  static Connection connect(String url) {
    Properties properties = new Properties();
    if (url.startsWith("jdbc:sqlite:")) {
      properties.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY, without SQLITE_OPEN_CREATE
    } else if (url.startsWith("jdbc:postgresql:")) {
      properties.setProperty("prepareThreshold", "-1");
    }
    String name = name(url);
    try {
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
        // DriverManager's own message repeats the whole URL, password included.
        throw new ImportException(
            "no JDBC driver on the class path accepts source "
                + name
                + " (blobkeep's CLI has drivers for jdbc:postgresql:, jdbc:mariadb: and jdbc:sqlite:)");
      }
      throw new ImportException(
          "cannot connect to source " + name + ": " + withoutSecrets(firstLine(e), url), e);
    }
  }

  /**
   * Starts a read-only transaction on a connection this import opened, at {@code REPEATABLE READ}
   * where the source supports it, so that the listing and every row read later see one snapshot
   * (SQLite's transactions always do).
   */
  static void beginReading(Connection c) throws SQLException {
    c.setAutoCommit(false);
    if (!c.isReadOnly()) {
      try {
        c.setReadOnly(true);
      } catch (SQLException e) {
        // Some drivers fix read-only at connect time only; the import runs SELECTs regardless.
      }
    }
    if (c.getMetaData().supportsTransactionIsolationLevel(Connection.TRANSACTION_REPEATABLE_READ)) {
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    }
  }

  /**
   * The character that quotes an identifier on the source: {@code `} on SQLite, the driver's {@link
   * java.sql.DatabaseMetaData#getIdentifierQuoteString()} elsewhere ({@code "} if it has none).
   * SQLite reads a double-quoted name that is no column as a string literal ({@code SELECT
   * "drawings" FROM t} returns the text {@code drawings}), so a misspelled column would import its
   * own name as data; a backquoted name is always an identifier.
   */
  static String identifierQuote(Connection c) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    if ("SQLite".equalsIgnoreCase(meta.getDatabaseProductName())) {
      return "`";
    }
    String quote = meta.getIdentifierQuoteString();
    return quote == null || quote.isBlank() ? "\"" : quote.strip();
  }

  /** The first line of a driver's message (PostgreSQL adds position and hints below it). */
  static String firstLine(SQLException e) {
    String message = String.valueOf(e.getMessage()).strip();
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl).strip();
  }

  /** {@code message} with every password the URL holds replaced by {@code ***}. */
  static String withoutSecrets(String message, String url) {
    List<String> secrets = new ArrayList<>();
    Matcher p = SECRET_PARAMETER.matcher(url);
    while (p.find()) {
      secrets.add(p.group(3));
    }
    Matcher u = USER_INFO_PASSWORD.matcher(url);
    while (u.find()) {
      secrets.add(u.group(2));
    }
    String out = message;
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        out = out.replace(secret, "***");
      }
    }
    return out;
  }
}
