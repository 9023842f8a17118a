package dev.blobkeep.postgres;

import dev.blobkeep.InvalidArgumentException;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Where a store lives, for messages: {@code user@host:port/database} and the schema, never the
 * password (nor any other connection property). Immutable.
 *
 * @param user the role name, or null if the URL does not give one
 * @param hosts {@code host:port}, several separated by commas for a multi-host URL
 * @param database the database name
 * @param schema the schema holding the store's tables
 */
record Server(String user, String hosts, String database, String schema) {
  static final String URL_PREFIX = "jdbc:postgresql:";

  /**
   * Parses a pgjdbc URL.
   *
   * @throws InvalidArgumentException if pgjdbc does not accept the URL; the message does not echo
   *     the URL, which may hold a password
   */
  static Server of(String url, String schema) {
    Properties p = parse(url);
    String[] hosts = PGProperty.PG_HOST.getOrDefault(p).split(",");
    String[] ports = PGProperty.PG_PORT.getOrDefault(p).split(",");
    StringBuilder where = new StringBuilder();
    for (int i = 0; i < hosts.length; i++) {
      if (i > 0) {
        where.append(',');
      }
      String host = hosts[i].contains(":") ? "[" + hosts[i] + "]" : hosts[i];
      where.append(host).append(':').append(i < ports.length ? ports[i] : ports[0]);
    }
    return new Server(
        PGProperty.USER.getOrDefault(p),
        where.toString(),
        PGProperty.PG_DBNAME.getOrDefault(p),
        schema);
  }

  /** The properties pgjdbc reads from {@code url}. */
  static Properties parse(String url) {
    Properties p = Driver.parseURL(url, new Properties());
    if (p == null) {
      throw new InvalidArgumentException(
          "not a valid PostgreSQL JDBC URL (expected"
              + " jdbc:postgresql://host:port/database?user=NAME): "
              + withoutQuery(url));
    }
    return p;
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

  /** {@code postgresql://user@host:port/database (schema NAME)}: the store's location. */
  String location() {
    return "postgresql://"
        + (user == null || user.isEmpty() ? "" : user + "@")
        + address()
        + " (schema "
        + schema
        + ")";
  }

  @Override
  public String toString() {
    return location();
  }
}
