package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * On a durable store, a part is staged without a flush of its own (SQLite {@code
 * synchronous=NORMAL}, PostgreSQL {@code synchronous_commit=off}) and Complete's commit is the
 * durable one. A trigger on the blobs table records the setting each row change ran under. A part
 * lost before Complete (as an operating-system crash may lose one) fails Complete with InvalidPart
 * naming it, and nothing becomes visible.
 */
@ParameterizedClass
@MethodSource("dev.blobkeep.server.s3.S3Backends#names")
class MultipartDurabilityTest extends MultipartBase {
  private static final int MIB = 1024 * 1024;

  @Override
  boolean durable() {
    return true;
  }

  @Test
  void partsAreStagedWithoutAFlushCompleteIsDurableAndALostPartIsAnInvalidPart()
      throws SQLException {
    recordSynchronousSettings();
    String id = begin("k");
    // A part larger than one staging batch (4 MiB), and a last part of a few chunks.
    byte[] p1 = random(5 * MIB, 1);
    byte[] p2 = random(600 * 1024, 2);
    String e1 = part("k", id, 1, RequestBody.fromBytes(p1));
    String e2 = part("k", id, 2, RequestBody.fromBytes(p2));
    List<String> parts = new ArrayList<>();
    for (BlobInfo p : store.listStaged("mpu", Map.of("s3_kind", "part"), null, 1000).items()) {
      parts.add(p.id());
    }
    assertThat(parts).hasSize(2);

    complete("k", id, sent(1, e1), sent(2, e2));

    byte[] all = store.getBytes(BlobRef.key("mpu", "k"));
    assertThat(all).hasSize(p1.length + p2.length);
    assertThat(java.util.Arrays.copyOfRange(all, 0, p1.length)).isEqualTo(p1);
    assertThat(java.util.Arrays.copyOfRange(all, p1.length, all.length)).isEqualTo(p2);
    List<String[]> log = recorded();
    for (String part : parts) {
      List<String[]> changes = changesOf(log, part);
      assertThat(changes).as("row changes of part %s", part).isNotEmpty();
      assertThat(changes)
          .as("part %s: each row change (state, setting) ran without a flush", part)
          .allSatisfy(c -> assertThat(c[2]).as("state %s", c[1]).isEqualTo(noFlush()));
      assertThat(changes).anySatisfy(c -> assertThat(c[1]).isEqualTo("staged"));
    }
    String object = store.info(BlobRef.key("mpu", "k")).id();
    assertThat(changesOf(log, object))
        .as("the composed object's row")
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c[2]).isEqualTo(flush()));

    // What an operating-system crash may do to a part answered 200, before Complete's commit.
    String lost = begin("lost");
    String l1 = part("lost", lost, 1, RequestBody.fromBytes(p1));
    String l2 = part("lost", lost, 2, RequestBody.fromBytes(p2));
    removePart(lost, 2);
    Throwable t = catchThrowable(() -> complete("lost", lost, sent(1, l1), sent(2, l2)));
    assertThat(t).isInstanceOf(S3Exception.class).hasMessageContaining("part 2 ETag " + l2);
    assertThat(((S3Exception) t).awsErrorDetails().errorCode()).isEqualTo("InvalidPart");
    assertThat(s3.listObjectsV2(b -> b.bucket("mpu").prefix("lost")).contents()).isEmpty();
  }

  /** The setting a staging transaction runs under. */
  private String noFlush() {
    return backendName.equals("sqlite") ? "1" : "off"; // synchronous NORMAL is 1
  }

  /** The setting of a durable commit. */
  private String flush() {
    return backendName.equals("sqlite") ? "2" : "on"; // synchronous FULL is 2
  }

  /** The recorded changes (id, state, setting) of blob {@code id}. */
  private static List<String[]> changesOf(List<String[]> log, String id) {
    List<String[]> out = new ArrayList<>();
    for (String[] c : log) {
      if (c[0].equalsIgnoreCase(id)) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * Records, for each row inserted into the blobs table or whose state changes, the id, the new
   * state and the flush setting of the transaction it ran in.
   */
  private void recordSynchronousSettings() throws SQLException {
    try (Connection c = DriverManager.getConnection(backend.url());
        Statement s = c.createStatement()) {
      if (backend.schema() == null) {
        s.execute("CREATE TABLE sync_log (seq INTEGER PRIMARY KEY, id TEXT, state TEXT, sync)");
        for (String when : List.of("INSERT", "UPDATE OF state")) {
          s.execute(
              "CREATE TRIGGER \"sync_log_"
                  + when
                  + "\" AFTER "
                  + when
                  + " ON blobkeep_blobs BEGIN INSERT INTO sync_log (id, state, sync)"
                  + " SELECT new.id, new.state, synchronous FROM pragma_synchronous; END");
        }
        return;
      }
      String schema = backend.schema();
      s.execute(
          "CREATE TABLE "
              + schema
              + ".sync_log (seq serial PRIMARY KEY, id text, state text, sync text)");
      s.execute(
          "CREATE FUNCTION "
              + schema
              + ".log_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO "
              + schema
              + ".sync_log (id, state, sync) VALUES (NEW.id::text, NEW.state,"
              + " current_setting('synchronous_commit')); RETURN NEW; END $$");
      s.execute(
          "CREATE TRIGGER sync_log AFTER INSERT OR UPDATE OF state ON "
              + schema
              + ".blobkeep_blobs FOR EACH ROW EXECUTE FUNCTION "
              + schema
              + ".log_sync()");
    }
  }

  private List<String[]> recorded() throws SQLException {
    String table = backend.schema() == null ? "sync_log" : backend.schema() + ".sync_log";
    List<String[]> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(backend.url());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, state, sync FROM " + table + " ORDER BY seq")) {
      while (rs.next()) {
        out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    return out;
  }
}
