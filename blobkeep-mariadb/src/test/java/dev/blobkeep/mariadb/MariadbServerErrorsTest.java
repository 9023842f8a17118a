package dev.blobkeep.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/**
 * Messages for server errors the other tests cannot cause on a shared server (a full disk, no free
 * connection slots, a read-only server, a lock wait timeout), and which errors run a transaction
 * again or count as a lost connection, from the error numbers and SQLSTATEs MariaDB sends.
 */
class MariadbServerErrorsTest {
  private static final Server SERVER = new Server("app", "db.example:3306", "files");

  @Test
  void diskFullSaysNothingChangedAndWhatToDo() {
    assertThat(explain(1114, "HY000", "The table 'blobkeep_chunks' is full"))
        .isEqualTo(
            "the disk of server db.example:3306/files is full (The table 'blobkeep_chunks' is"
                + " full); free space on the database server and retry; the failed transaction"
                + " changed nothing");
    assertThat(explain(1021, "HY000", "Disk full (/tmp/#sql_1.MAI); waiting for someone"))
        .startsWith("the disk of server db.example:3306/files is full");
  }

  @Test
  void wrongPasswordNamesUserAndServer() {
    assertThat(
            explain(1045, "28000", "Access denied for user 'app'@'10.0.0.5' (using password: YES)"))
        .startsWith("access denied for user app on server db.example:3306/files (")
        .endsWith("check the user name and password (URL parameters user and password)");
  }

  @Test
  void tooManyConnectionsSuggestsASmallerPool() {
    assertThat(explain(1040, "08004", "Too many connections"))
        .contains("has no free connection slots")
        .contains("lower poolSize");
  }

  @Test
  void readOnlyServerSaysConnectToAWritableOne() {
    for (int code : new int[] {1290, 1792, 1836}) {
      assertThat(explain(code, "HY000", "The MariaDB server is running with the --read-only"))
          .startsWith("server db.example:3306/files is read-only (")
          .endsWith("connect to a writable server, or open the store read-only");
    }
  }

  @Test
  void lockWaitTimeoutSaysWhatToRaise() {
    assertThat(explain(1205, "HY000", "Lock wait timeout exceeded; try restarting transaction"))
        .startsWith("waited longer than lockTimeout for a lock another transaction holds")
        .endsWith("retry, or raise lockTimeout");
  }

  @Test
  void exhaustedPoolSaysWhatToRaise() {
    SQLException e =
        new SQLTransientConnectionException(
            "blobkeep - Connection is not available, request timed out after 30000ms"
                + " (total=8, active=8, idle=0, waiting=3)");
    assertThat(MariadbErrors.explain(e, SERVER))
        .contains("(total=8, active=8, idle=0, waiting=3)")
        .contains("raise poolSize or lockTimeout");
  }

  @Test
  void conflictsAndAPublishRaceOnTheKeyIndexAreRetryable() {
    assertThat(retryable(1213, "40001", "Deadlock found when trying to get lock")).isTrue();
    assertThat(retryable(0, "40001", "WSREP detected deadlock/conflict")).isTrue();
    assertThat(retryable(1020, "HY000", "Record has changed since last read")).isTrue();
    assertThat(retryable(1062, "23000", "Duplicate entry 'b-k' for key 'blobkeep_blobs_key'"))
        .isTrue();
    assertThat(retryable(1062, "23000", "Duplicate entry 'x-0' for key 'PRIMARY'")).isFalse();
    assertThat(retryable(1205, "HY000", "Lock wait timeout exceeded")).isFalse();
  }

  @Test
  void aKilledOrShutDownSessionAndALostFailoverTransactionAreLostConnections() {
    assertThat(lost(1927, "70100", "Connection was killed")).isTrue();
    assertThat(lost(1053, "08S01", "Server shutdown in progress")).isTrue();
    assertThat(lost(1047, "08S01", "WSREP has not yet prepared node for application use")).isTrue();
    assertThat(lost(0, "25S03", "Driver has reconnect connection after a communications failure"))
        .isTrue();
    assertThat(lost(1213, "40001", "Deadlock found when trying to get lock")).isFalse();
    assertThat(lost(1317, "70100", "Query execution was interrupted")).isFalse();
  }

  private static String explain(int code, String state, String message) {
    return MariadbErrors.explain(error(code, state, message), SERVER);
  }

  private static boolean retryable(int code, String state, String message) {
    return MariadbErrors.isRetryable(error(code, state, message));
  }

  private static boolean lost(int code, String state, String message) {
    return MariadbErrors.isConnectionLost(error(code, state, message));
  }

  /** As Connector/J reports a server error: the connection id, then the server's message. */
  private static SQLException error(int code, String state, String message) {
    return new SQLException("(conn=42) " + message, state, code);
  }
}
