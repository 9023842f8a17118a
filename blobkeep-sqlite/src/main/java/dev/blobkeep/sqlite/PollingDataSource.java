package dev.blobkeep.sqlite;

import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/** The store's connections: configured, each with its own {@link PollingBusyHandler}. */
final class PollingDataSource extends SQLiteDataSource {
  private final transient Duration lockTimeout;

  PollingDataSource(SQLiteConfig config, Duration lockTimeout) {
    super(config);
    this.lockTimeout = lockTimeout;
  }

  @Override
  public SQLiteConnection getConnection(String username, String password) throws SQLException {
    SQLiteConnection c = super.getConnection(username, password);
    try {
      BusyHandler.setHandler(c, new PollingBusyHandler(lockTimeout));
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
