package dev.blobkeep.mariadb;

import dev.blobkeep.StoreException;
import dev.blobkeep.StoreOptions;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What blobkeep reads from a MariaDB server when it opens a store, and the checks made on it.
 *
 * @param version {@code version()}
 * @param maxAllowedPacket {@code max_allowed_packet} in bytes: the largest statement or row
 * @param flushLogAtCommit {@code innodb_flush_log_at_trx_commit} (1: each commit reaches the disk)
 * @param binlog true if the binary log is on
 * @param syncBinlog {@code sync_binlog} (1: the binary log is flushed at each commit)
 * @param galera true if the server is a Galera cluster node ({@code wsrep_on})
 * @param maxWriteSet {@code wsrep_max_ws_size} in bytes, or 0 when not a Galera node
 */
record ServerFacts(
    String version,
    long maxAllowedPacket,
    int flushLogAtCommit,
    boolean binlog,
    int syncBinlog,
    boolean galera,
    long maxWriteSet) {
  private static final System.Logger LOG = System.getLogger("dev.blobkeep.mariadb");

  /**
   * Room for a statement's other parameters and the protocol around a chunk. A chunk is sent as an
   * escaped string by the driver's client-side prepared statements: at worst two bytes per byte.
   */
  static final long PACKET_OVERHEAD = 64 * 1024;

  /** Bytes an upload stages per transaction (the engine's batch), before one more chunk. */
  static final long STAGING_BATCH = 4 * 1024 * 1024;

  static ServerFacts read(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version(), @@max_allowed_packet, @@innodb_flush_log_at_trx_commit,"
                    + " @@log_bin, @@sync_binlog, @@wsrep_on, @@wsrep_max_ws_size")) {
      rs.next();
      boolean galera = rs.getBoolean(6);
      return new ServerFacts(
          rs.getString(1),
          rs.getLong(2),
          rs.getInt(3),
          rs.getBoolean(4),
          rs.getInt(5),
          galera,
          galera ? rs.getLong(7) : 0);
    }
  }

  /** The packet size a chunk of {@code chunkSize} bytes needs, escaped, with its statement. */
  static long packetFor(int chunkSize) {
    return 2L * chunkSize + PACKET_OVERHEAD;
  }

  /**
   * Refuses a chunk size the server's packets cannot carry, and warns when the store is durable but
   * the server does not flush each commit.
   *
   * @throws StoreException naming the chunk size, {@code max_allowed_packet} and what to change
   */
  void check(StoreOptions options, Server server) {
    long needed = packetFor(options.chunkSize());
    if (needed > maxAllowedPacket) {
      throw new StoreException(
          "chunk size "
              + options.chunkSize()
              + " bytes needs max_allowed_packet of at least "
              + needed
              + " bytes on MariaDB server "
              + server.address()
              + ", which has "
              + maxAllowedPacket
              + "; raise max_allowed_packet (SET GLOBAL max_allowed_packet = "
              + needed
              + ") or open the store with chunkSize at most "
              + Math.max(0, (maxAllowedPacket - PACKET_OVERHEAD) / 2));
    }
    long writeSet = STAGING_BATCH + 2L * options.chunkSize();
    if (galera && writeSet > maxWriteSet) {
      throw new StoreException(
          "chunk size "
              + options.chunkSize()
              + " bytes makes upload transactions of up to "
              + writeSet
              + " bytes, more than wsrep_max_ws_size "
              + maxWriteSet
              + " on Galera node "
              + server.address()
              + "; raise wsrep_max_ws_size or open the store with a smaller chunkSize");
    }
    if (options.durable() && !options.readOnly() && !durable()) {
      LOG.log(
          Level.WARNING,
          "MariaDB server {0} may lose the last commits in a crash (innodb_flush_log_at_trx_commit"
              + " = {1}, log_bin = {2}, sync_binlog = {3}); set innodb_flush_log_at_trx_commit = 1"
              + " (and sync_binlog = 1 with the binary log on) for durable commits",
          server.address(),
          flushLogAtCommit,
          binlog ? "ON" : "OFF",
          syncBinlog);
    }
  }

  /**
   * True if a commit acknowledged by this server survives its crash: InnoDB's log is flushed at
   * each commit and, when the binary log is on, so is the binary log. A Galera node's commits are
   * also on the other nodes (see docs/mariadb.md).
   */
  boolean durable() {
    return flushLogAtCommit == 1 && (!binlog || syncBinlog == 1);
  }
}
