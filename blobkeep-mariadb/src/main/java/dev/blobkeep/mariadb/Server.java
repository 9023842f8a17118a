package dev.blobkeep.mariadb;

import dev.blobkeep.InvalidArgumentException;
import java.sql.SQLException;
import java.util.stream.Collectors;
import org.mariadb.jdbc.Configuration;

/**
 * Where a store lives, for messages: {@code user@host:port/database}, never the password (nor any
 * other connection property). Immutable.
 *
 * @param user the user name, or null if the URL does not give one
 * @param hosts {@code host:port}, several separated by commas for a multi-host URL
 * @param database the database holding the store's tables
 */
record Server(String user, String hosts, String database) {
  static final String URL_PREFIX = "jdbc:mariadb:";

  /**
   * Parses a MariaDB Connector/J URL.
   *
   * @throws InvalidArgumentException if the driver does not accept the URL or it names no database;
   *     the message does not echo the query string, which may hold a password
   */
  static Server of(String url) {
    Configuration conf;
    try {
      conf = Configuration.parse(url);
    } catch (SQLException e) {
      conf = null;
    }
    if (conf == null) {
      throw new InvalidArgumentException(
          "not a valid MariaDB JDBC URL (expected jdbc:mariadb://host:port/database?user=NAME): "
              + withoutQuery(url));
    }
    if (conf.database() == null || conf.database().isEmpty()) {
      throw new InvalidArgumentException(
          "MariaDB URL names no database (expected jdbc:mariadb://host:port/database): "
              + withoutQuery(url));
    }
    String hosts =
        conf.addresses().stream()
            .map(a -> (a.host.contains(":") ? "[" + a.host + "]" : a.host) + ":" + a.port)
            .collect(Collectors.joining(","));
    return new Server(conf.user(), hosts, conf.database());
  }

  /** The URL without its query string and user info, either of which may hold a password. */
  static String withoutQuery(String url) {
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    return base.replaceFirst("//[^/]*@", "//");
  }

  /** {@code host:port/database}, as the server is named in messages. */
  String address() {
    return hosts + "/" + database;
  }

  /** {@code mariadb://user@host:port/database}: the store's location. */
  String location() {
    return "mariadb://" + (user == null || user.isEmpty() ? "" : user + "@") + address();
  }

  @Override
  public String toString() {
    return location();
  }
}
