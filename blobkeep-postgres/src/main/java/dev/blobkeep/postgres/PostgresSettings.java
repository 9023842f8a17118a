package dev.blobkeep.postgres;

import dev.blobkeep.StoreOptions;
import java.util.Properties;
import org.postgresql.PGProperty;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The pgjdbc properties every connection of an opened store gets, chosen by measurement (NOTES.md,
 * "PostgreSQL settings"). A property the URL sets itself is left as the URL sets it.
 *
 * <ul>
 *   <li>{@code binaryTransfer=true}: chunks come back as raw bytes, not hex text twice their size;
 *   <li>{@code prepareThreshold=}{@value #PREPARE_THRESHOLD}: the engine runs a few statements very
 *       often, so each is prepared on the server (and read in binary) from its first use;
 *   <li>{@code ApplicationName=blobkeep}, to find the store's sessions in {@code pg_stat_activity};
 *   <li>{@code tcpKeepAlive=true}: a dead peer is noticed on idle connections too;
 *   <li>{@code options=-c lock_timeout=}lockTimeout: a statement waits for a row lock no longer
 *       than an operation waits in total; {@code -c synchronous_commit=off} when the store is not
 *       {@code durable} (a server crash may lose the last commits, never corrupt); {@code -c
 *       default_transaction_read_only=on} when the store is {@code readOnly}, so that the server
 *       itself refuses a write the engine let through.
 * </ul>
 */
final class PostgresSettings {
  static final int PREPARE_THRESHOLD = 1;
  static final String APPLICATION_NAME = "blobkeep";

  private PostgresSettings() {}

  /** A data source for the pooled connections. */
  static PGSimpleDataSource pooled(String url, StoreOptions options) {
    return dataSource(url, options, "");
  }

  /**
   * A data source for the pool of reads of {@link dev.blobkeep.ReadFrom#STANDBY_PREFERRED}: a
   * standby when one of the URL's hosts is one ({@code targetServerType=preferSecondary}), its
   * sessions named {@code ApplicationName-reads} and read-only, so the server refuses a write.
   */
  static PGSimpleDataSource reads(String url, StoreOptions options) {
    PGSimpleDataSource ds = dataSource(url, options.readOnly(true), "-reads");
    ds.setTargetServerType("preferSecondary");
    return ds;
  }

  private static PGSimpleDataSource dataSource(String url, StoreOptions options, String suffix) {
    Properties given = Server.parse(url);
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    ds.setBinaryTransfer(true);
    if (!PGProperty.PREPARE_THRESHOLD.isPresent(given)) {
      ds.setPrepareThreshold(PREPARE_THRESHOLD);
    }
    String app =
        PGProperty.APPLICATION_NAME.isPresent(given)
            ? PGProperty.APPLICATION_NAME.getOrDefault(given)
            : APPLICATION_NAME;
    ds.setApplicationName(app + suffix);
    if (!PGProperty.TCP_KEEP_ALIVE.isPresent(given)) {
      ds.setTcpKeepAlive(true);
    }
    StringBuilder opts = new StringBuilder();
    if (PGProperty.OPTIONS.isPresent(given)) {
      opts.append(PGProperty.OPTIONS.getOrDefault(given)).append(' ');
    }
    opts.append("-c lock_timeout=").append(options.lockTimeout().toMillis());
    if (!options.durable()) {
      opts.append(" -c synchronous_commit=off");
    }
    if (options.readOnly()) {
      opts.append(" -c default_transaction_read_only=on");
    }
    ds.setOptions(opts.toString());
    return ds;
  }
}
