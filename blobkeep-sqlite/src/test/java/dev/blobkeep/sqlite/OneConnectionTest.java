package dev.blobkeep.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * {@link OneConnection} lends its one connection to one caller at a time ({@link LentConnection}):
 * closing the lent handle returns it once, and a returned handle refuses further use.
 */
class OneConnectionTest {
  @TempDir Path tmp;

  private OneConnection open(Duration wait) throws SQLException {
    SQLiteDataSource sqlite = new SQLiteDataSource();
    sqlite.setUrl("jdbc:sqlite:" + tmp.resolve("one.db"));
    return new OneConnection(sqlite, "PRAGMA busy_timeout = 1000", wait);
  }

  @Test
  void aLentConnectionIsReturnedOnceHoweverOftenItIsClosed() throws Exception {
    try (OneConnection one = open(Duration.ofMillis(200))) {
      Connection first = one.getConnection();
      first.close();
      first.close(); // a second close must not free a second lender
      try (Connection second = one.getConnection()) {
        assertThat(selectOne(second)).isEqualTo(1);
        assertThatThrownBy(one::getConnection)
            .isInstanceOf(SQLTransientConnectionException.class)
            .hasMessage("the store's one connection stayed in use for 200 ms");
      }
      try (Connection third = one.getConnection()) {
        assertThat(selectOne(third)).isEqualTo(1);
      }
    }
  }

  @Test
  void aReturnedConnectionRefusesUseButStillNamesItsPhysicalConnection() throws Exception {
    try (OneConnection one = open(Duration.ofSeconds(5))) {
      Connection lent = one.getConnection();
      assertThat(lent.isClosed()).isFalse();
      Connection physical = lent.unwrap(Connection.class);
      assertThat(physical).isInstanceOf(SQLiteConnection.class).isNotSameAs(lent);
      lent.close();

      assertThat(lent.isClosed()).isTrue();
      assertThat(physical.isClosed()).as("returning does not close it").isFalse();
      assertThatThrownBy(lent::createStatement)
          .isInstanceOf(SQLException.class)
          .hasMessage("createStatement on a connection already returned to the store");
      assertThatThrownBy(() -> lent.prepareStatement("SELECT 1"))
          .hasMessage("prepareStatement on a connection already returned to the store");
      assertThatThrownBy(() -> lent.setClientInfo("a", "b"))
          .isInstanceOf(SQLClientInfoException.class)
          .hasMessage("setClientInfo on a connection already returned to the store");
      assertThat(lent.unwrap(Connection.class)).isSameAs(physical);

      try (Connection next = one.getConnection()) {
        assertThat(next.unwrap(Connection.class)).isSameAs(physical);
        assertThat(selectOne(next)).isEqualTo(1);
      }
    }
  }

  @Test
  void anEvictedConnectionIsOpenedAgainForTheNextCaller() throws Exception {
    try (OneConnection one = open(Duration.ofSeconds(5))) {
      Connection physical;
      try (Connection lent = one.getConnection()) {
        physical = lent.unwrap(Connection.class);
        one.evict(lent);
      }
      assertThat(physical.isClosed()).isTrue();
      try (Connection next = one.getConnection()) {
        assertThat(next.unwrap(Connection.class)).isNotSameAs(physical);
        assertThat(selectOne(next)).isEqualTo(1);
      }
    }
  }

  private static int selectOne(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      assertThat(rs.next()).isTrue();
      return rs.getInt(1);
    }
  }
}
