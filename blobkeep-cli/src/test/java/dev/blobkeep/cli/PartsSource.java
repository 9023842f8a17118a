package dev.blobkeep.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The psycopg2 tutorial's tables as an import source in a real database: {@code parts(part_id,
 * part_name)} and {@code part_drawings(part_id, file_extension, drawing)}, {@code drawing} a {@code
 * bytea} on PostgreSQL and a {@code BLOB} on SQLite (nullable here, to test NULL data), plus a view
 * {@code part_drawing_files} that names each drawing {@code <part_name>.<file_extension>}.
 *
 * <p>On SQLite the tables live in a file of the test's scratch directory; on PostgreSQL in a schema
 * of their own with a random name, dropped on {@link #close()}. The PostgreSQL server is {@code
 * $BLOBKEEP_PG_URL}, default {@value Backends#DEFAULT_PG_URL}; when it cannot be reached the test
 * fails if {@code CI=true} and is skipped otherwise.
 */
final class PartsSource implements AutoCloseable {
  private final Connection connection;
  private final String url;
  private final String schema;
  private final String drop;
  private String binaryType;

  private PartsSource(Connection connection, String url, String schema, String drop) {
    this.connection = connection;
    this.url = url;
    this.schema = schema;
    this.drop = drop;
  }

  /** The tables in a new SQLite file in {@code dir}. */
  static PartsSource sqlite(Path dir) throws SQLException {
    String url = "jdbc:sqlite:" + dir.resolve("parts.db");
    PartsSource source = new PartsSource(DriverManager.getConnection(url), url, null, null);
    source.create("BLOB");
    return source;
  }

  /** The tables in a new schema with a random name on the test PostgreSQL server. */
  static PartsSource postgres() throws SQLException {
    String server = System.getenv().getOrDefault("BLOBKEEP_PG_URL", Backends.DEFAULT_PG_URL);
    Connection connection;
    try {
      connection = DriverManager.getConnection(server);
    } catch (SQLException e) {
      String message = "PostgreSQL at " + server + " cannot be reached (" + e.getMessage() + ")";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message + "; CI=true requires it", e);
      }
      Assumptions.abort(message + "; set BLOBKEEP_PG_URL or start a server to run these tests");
      throw new AssertionError("unreachable");
    }
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String schema = "import_test_" + HexFormat.of().formatHex(random);
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
      s.execute("SET search_path TO " + schema);
    }
    String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    PartsSource source =
        new PartsSource(connection, url, schema, "DROP SCHEMA " + schema + " CASCADE");
    source.create("bytea");
    return source;
  }

  /** The tables in a new database with a random name on the test MariaDB server. */
  static PartsSource mariadb() throws SQLException {
    String server =
        System.getenv()
            .getOrDefault("BLOBKEEP_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");
    Connection connection;
    try {
      connection = DriverManager.getConnection(server);
    } catch (SQLException e) {
      String message = "MariaDB at " + server + " cannot be reached (" + e.getMessage() + ")";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message + "; CI=true requires it", e);
      }
      Assumptions.abort(
          message + "; set BLOBKEEP_MARIADB_URL or start a server to run these tests");
      throw new AssertionError("unreachable");
    }
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String database = "import_test_" + HexFormat.of().formatHex(random);
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE DATABASE " + database);
      s.execute("USE " + database);
      // The view's || is concatenation, as in SQL; MariaDB keeps the view with CONCAT.
      s.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',PIPES_AS_CONCAT')");
    }
    String url = server.replaceFirst("^(jdbc:mariadb://[^/?]*)/[^?]*", "$1/" + database);
    PartsSource source = new PartsSource(connection, url, database, "DROP DATABASE " + database);
    source.create("LONGBLOB");
    return source;
  }

  private void create(String binaryType) throws SQLException {
    this.binaryType = binaryType;
    for (String sql :
        List.of(
            "CREATE TABLE parts (part_id INTEGER PRIMARY KEY, part_name VARCHAR(255) NOT NULL)",
            "CREATE TABLE part_drawings (part_id INTEGER PRIMARY KEY, file_extension VARCHAR(5)"
                + " NOT NULL, drawing "
                + binaryType
                + ", FOREIGN KEY (part_id) REFERENCES parts (part_id))",
            "CREATE VIEW part_drawing_files AS SELECT d.part_id, p.part_name || '.' ||"
                + " d.file_extension AS file_name, p.part_name, d.drawing FROM parts p JOIN"
                + " part_drawings d ON d.part_id = p.part_id")) {
      execute(sql);
    }
  }

  /**
   * The size of the "twenty megabyte" rows the tests store: 20 MiB, or on MariaDB three quarters of
   * the server's {@code max_allowed_packet} (a row must fit one packet, escaped).
   */
  int bigRowMebibytes() throws SQLException {
    if (!url.startsWith("jdbc:mariadb:")) {
      return 20;
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@max_allowed_packet")) {
      rs.next();
      return (int) Math.min(20, (rs.getLong(1) >> 20) * 3 / 4);
    }
  }

  /** The URL to import from; on PostgreSQL it names the schema ({@code currentSchema}). */
  String url() {
    return url;
  }

  /**
   * {@code part_drawings} qualified with its schema (MariaDB: database): the random one, or
   * SQLite's {@code main}.
   */
  String qualifiedTable() {
    return (schema == null ? "main" : schema) + ".part_drawings";
  }

  /**
   * {@code name} as one identifier in this source's SQL: in backquotes on MariaDB, double quotes
   * elsewhere, with the quote character doubled.
   */
  String quoted(String name) {
    String quote = url.startsWith("jdbc:mariadb:") ? "`" : "\"";
    return quote + name.replace(quote, quote + quote) + quote;
  }

  /** The binary column type of this source's tables ({@code BLOB}, {@code bytea}, ...). */
  String binaryType() {
    return binaryType;
  }

  /** Adds a part and its drawing; a null drawing is stored as NULL. */
  void addPart(int id, String name, String extension, byte[] drawing) throws SQLException {
    execute("INSERT INTO parts (part_id, part_name) VALUES (?, ?)", id, name);
    execute(
        "INSERT INTO part_drawings (part_id, file_extension, drawing) VALUES (?, ?, ?)",
        id,
        extension,
        drawing);
  }

  /** Runs one statement with parameters. */
  void execute(String sql, Object... parameters) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        if (parameters[i] instanceof byte[] bytes) {
          ps.setBytes(i + 1, bytes);
        } else if (parameters[i] == null) {
          ps.setNull(i + 1, java.sql.Types.BINARY);
        } else {
          ps.setObject(i + 1, parameters[i]);
        }
      }
      ps.execute();
    }
  }

  /** The number of rows in a table. */
  long count(String table) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A new connection to the source, for tests that use the library directly. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  @Override
  public void close() throws SQLException {
    try (connection) {
      if (drop != null) {
        try (Statement s = connection.createStatement()) {
          s.execute(drop);
        }
      }
    }
  }
}
