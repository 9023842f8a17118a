package dev.blobkeep.internal;

import dev.blobkeep.StoreFormatException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's schema version, kept in the settings table. A new store is built by running every
 * upgrade step from version 0, so the path an old store takes is the path every store took. Each
 * step is one transaction: the dialect's statements ({@link dev.blobkeep.spi.Dialect#upgrade}),
 * then the engine's own rewrite of rows for that step if it has one ({@link #rewrite}), then the
 * new version number.
 *
 * <p>Versions: 1 tables; 2 in-place writes and upload owners; 3 chunk maps and CRCs that cover blob
 * id and index ({@link ChunkMapUpgrade}); 4 buckets of their own, stored MD5 and entity tag, staged
 * blobs (the dialect's statements alone); 5 small content inline in the blob's row ({@link
 * Chunks#inline}), the key index over keyed blobs only, the lease table, version 1 for blobs
 * allocated under 3: columns added, nothing rewritten, so blobs stored before keep their chunk rows
 * and read as before; 6 staged blobs' chunk rows from {@link Chunks#STAGED_BASE} on ({@link
 * StagedRowsUpgrade}), so that a compose can move them to their final index in place.
 */
final class Schema {
  /** The schema this code reads and writes. */
  static final int CURRENT = 6;

  private Schema() {}

  /**
   * Creates or upgrades the store's tables, one transaction per step.
   *
   * @throws StoreFormatException if the store was made by a newer blobkeep
   */
  static void prepare(Session s) {
    int found = s.read("reading the schema version", c -> version(c, s));
    refuseNewer(s, found);
    while (found < CURRENT) {
      int from = found;
      found =
          s.write(
              "upgrading the schema from version " + from + " to " + (from + 1),
              c -> {
                s.dialect().lockSchema(c);
                int v = version(c, s); // again, under the write lock: another process may have
                refuseNewer(s, v); // done it
                if (v != from) {
                  return v;
                }
                step(c, s, v);
                return v + 1;
              });
    }
  }

  /** True if the store needs an upgrade to be written by this code (read-only opens refuse it). */
  static boolean needsUpgrade(Session s) {
    int found = s.read("reading the schema version", c -> version(c, s));
    refuseNewer(s, found);
    return found < CURRENT;
  }

  /** Brings the store on {@code c} from version {@code v} to {@code v + 1}, in the caller's tx. */
  private static void step(Connection c, Session s, int v) throws SQLException {
    List<String> statements = s.dialect().upgrade(v);
    try (Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
    if (!statements.isEmpty()) {
      s.dialect().afterUpgradeStatements(c);
    }
    rewrite(c, s, v);
    try (PreparedStatement ps = c.prepareStatement(s.sql().writeVersion)) {
      ps.setString(1, Integer.toString(v + 1));
      ps.executeUpdate();
    }
  }

  /**
   * The engine's rewrite of existing rows for the step from {@code v}, after the dialect's
   * statements: what SQL alone cannot do the same way on every database (version 3 computes CRCs).
   */
  private static void rewrite(Connection c, Session s, int v) throws SQLException {
    if (v == 2) {
      ChunkMapUpgrade.run(c, s);
    } else if (v == 5) {
      StagedRowsUpgrade.run(c, s);
    }
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
