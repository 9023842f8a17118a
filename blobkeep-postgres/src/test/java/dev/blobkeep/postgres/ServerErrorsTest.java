package dev.blobkeep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.StoreOptions;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Messages for server errors the other tests cannot cause on a shared server (a full disk, a
 * password refused under trust authentication, a standby), built from the server's own error
 * fields.
 */
class ServerErrorsTest {
  private static final Server SERVER = new Server("app", "db.example:5432", "files", "blobkeep");

  @Test
  void diskFullSaysNothingChangedAndWhatToDo() {
    assertThat(explain("53100", "could not extend file \"base/16384/16400\": No space left"))
        .isEqualTo(
            "the disk of server db.example:5432/files is full (could not extend file"
                + " \"base/16384/16400\": No space left); free space on the database server and"
                + " retry; the failed transaction changed nothing");
  }

  @Test
  void wrongPasswordNamesUserAndServer() {
    assertThat(explain("28P01", "password authentication failed for user \"app\""))
        .startsWith("password authentication failed for user app on server db.example:5432/files;")
        .contains("PGPASSWORD");
  }

  @Test
  void tooManyConnectionsSuggestsASmallerPool() {
    assertThat(explain("53300", "sorry, too many clients already")).contains("lower poolSize");
  }

  @Test
  void standbySaysConnectToThePrimary() {
    assertThat(explain("25006", "cannot execute INSERT in a read-only transaction"))
        .contains("connect to the primary");
  }

  @Test
  void exhaustedPoolSaysWhatToRaise() {
    SQLException e =
        new SQLTransientConnectionException(
            "blobkeep - Connection is not available, request timed out after 30000ms"
                + " (total=8, active=8, idle=0, waiting=3)");
    assertThat(ServerErrors.explain(e, SERVER))
        .contains("(total=8, active=8, idle=0, waiting=3)")
        .contains("raise poolSize or lockTimeout");
  }

  @Test
  void publishRaceOnTheKeyIndexIsRetryable() {
    PostgresDialect d =
        new PostgresDialect(
            SERVER, PostgresDialect.leases(null, SERVER, StoreOptions.defaults()), false);
    assertThat(d.isRetryable(error("23505", "duplicate key", "blobkeep_blobs_key"))).isTrue();
    assertThat(d.isRetryable(error("23505", "duplicate key", "blobkeep_chunks_pkey"))).isFalse();
    assertThat(d.isRetryable(error("40001", "could not serialize access", null))).isTrue();
    assertThat(d.isRetryable(error("40P01", "deadlock detected", null))).isTrue();
    assertThat(d.isRetryable(error("55P03", "lock timeout", null))).isFalse();
  }

  private static String explain(String state, String message) {
    return ServerErrors.explain(error(state, message, null), SERVER);
  }

  private static PSQLException error(String state, String message, String constraint) {
    String fields =
        "SERROR\0C"
            + state
            + "\0M"
            + message
            + "\0"
            + (constraint == null ? "" : "n" + constraint + "\0");
    return new PSQLException(new ServerErrorMessage(fields));
  }
}
