package dev.blobkeep.spi;

import javax.sql.DataSource;

/**
 * An open connection source and the dialect that speaks to it.
 *
 * @param dataSource pooled connections, in auto-commit mode when handed out
 * @param dialect the SQL and behaviour of this database
 * @param location the location for messages, without credentials
 * @param onClose releases the pool (does nothing for a caller's data source)
 */
public record Backend(DataSource dataSource, Dialect dialect, String location, Runnable onClose) {}
