package dev.blobkeep.internal;

import dev.blobkeep.StoreFormatException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The store's schema version, kept in the settings table. A new store is built by running every
 * upgrade step from version 0, so the path an old store takes is the path every store took.
 */
final class Schema {
  /** The schema this code reads and writes. */
  static final int CURRENT = 2;

  private Schema() {}

  /**
   * Creates or upgrades the store's tables.
   *
   * @throws StoreFormatException if the store was made by a newer blobkeep
   */
  static void prepare(Session s) {
    int found = s.read("reading the schema version", c -> version(c, s));
    refuseNewer(s, found);
    if (found == CURRENT) {
      return;
    }
    s.write(
        "upgrading the schema from version " + found + " to " + CURRENT,
        c -> {
          int v = version(c, s); // again, under the write lock: another process may have done it
          refuseNewer(s, v);
          for (; v < CURRENT; v++) {
            try (Statement st = c.createStatement()) {
              for (String sql : s.dialect().upgrade(v)) {
                st.execute(sql);
              }
            }
          }
          try (PreparedStatement ps = c.prepareStatement(s.sql().writeVersion)) {
            ps.setString(1, Integer.toString(CURRENT));
            ps.executeUpdate();
          }
          return null;
        });
  }

  private static void refuseNewer(Session s, int version) {
    if (version > CURRENT) {
      throw new StoreFormatException(
          "store "
              + s.location()
              + " has schema version "
              + version
              + ", made by a newer blobkeep; this one reads up to version "
              + CURRENT
              + ": upgrade blobkeep to open it");
    }
  }

  /** The stored version, or 0 for a database without a blobkeep store. */
  static int version(Connection c, Session s) throws SQLException {
    if (!s.dialect().storeExists(c)) {
      return 0;
    }
    try (PreparedStatement ps = c.prepareStatement(s.sql().readVersion);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new StoreFormatException(
            "store " + s.location() + " has a settings table without a schema version");
      }
      String text = rs.getString(1);
      try {
        return Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw new StoreFormatException(
            "store " + s.location() + " has schema version '" + text + "', not a number");
      }
    }
  }
}
