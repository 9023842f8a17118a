package dev.blobkeep.spi;

import java.sql.Connection;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * An open connection source and the dialect that speaks to it.
 *
 * @param dataSource pooled connections, in auto-commit mode when handed out
 * @param dialect the SQL and behaviour of this database
 * @param location the location for messages, without credentials
 * @param onClose releases the pool (does nothing for a caller's data source)
 * @param evict makes the pool drop a connection it handed out (once it is closed), for a connection
 *     the server ended or one left in a state that cannot be undone; does nothing for a caller's
 *     data source
 * @param readDataSource connections for reads outside transactions ({@link
 *     dev.blobkeep.ReadFrom#STANDBY_PREFERRED}: to a standby), or {@code dataSource} itself
 * @param readEvict as {@code evict}, for connections of {@code readDataSource}
 */
public record Backend(
    DataSource dataSource,
    Dialect dialect,
    String location,
    Runnable onClose,
    Consumer<Connection> evict,
    DataSource readDataSource,
    Consumer<Connection> readEvict) {

  /**
   * A backend that reads where it writes.
   *
   * @param dataSource pooled connections, in auto-commit mode when handed out
   * @param dialect the SQL and behaviour of this database
   * @param location the location for messages, without credentials
   * @param onClose releases the pool
   * @param evict makes the pool drop a connection it handed out
   */
  public Backend(
      DataSource dataSource,
      Dialect dialect,
      String location,
      Runnable onClose,
      Consumer<Connection> evict) {
    this(dataSource, dialect, location, onClose, evict, dataSource, evict);
  }

  /** {@return true if reads outside transactions have a data source of their own} */
  public boolean readsApart() {
    return readDataSource != dataSource;
  }

  /**
   * A backend over a caller's data source: nothing to close, nothing to evict.
   *
   * @param dataSource the caller's connections
   * @param dialect the SQL and behaviour of this database
   * @param location the location for messages, without credentials
   * @return the backend
   */
  public static Backend borrowed(DataSource dataSource, Dialect dialect, String location) {
    return new Backend(dataSource, dialect, location, () -> {}, c -> {});
  }
}
