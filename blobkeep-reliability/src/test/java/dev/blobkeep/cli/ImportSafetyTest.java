package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.reliability.Scenario;
import dev.blobkeep.testkit.Bytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} writes only into the store: rows whose key column holds path-like or unstorable
 * text become blobs under those literal keys or fail alone in one line; no file appears outside the
 * store, and the source database is left byte for byte as it was, even when {@code --where} carries
 * SQL meant to change it.
 */
class ImportSafetyTest {
  static final List<String> KEYS =
      List.of(
          "../../x",
          "/etc/x",
          "a/../../b",
          "..",
          "$(touch pwned)",
          "'; DROP TABLE files; --",
          "a\0b",
          "a\nb",
          "k".repeat(2000));

  @TempDir Path tmp;

  @Test
  void importWritesOnlyIntoTheStoreAndLeavesTheSourceAsItWas() throws Exception {
    Scenario scenario =
        Scenario.storedData("hostile input: import with path-like keys and SQL in --where (CLI)");
    Path source = tmp.resolve("source.sqlite");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT, body BLOB)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO files VALUES (?, ?, ?)")) {
        for (int i = 0; i < KEYS.size(); i++) {
          ps.setInt(1, i);
          ps.setString(2, KEYS.get(i));
          ps.setBytes(3, KEYS.get(i).getBytes(StandardCharsets.UTF_8));
          ps.executeUpdate();
        }
      }
    }
    String sourceSha = Bytes.sha256(Files.readAllBytes(source));
    Path db = tmp.resolve("store.db");
    List<Path> before = tree(tmp);
    List<String> args =
        List.of(
            "import",
            "jdbc:sqlite:" + source,
            "--table",
            "files",
            "--id-column",
            "id",
            "--data-column",
            "body",
            "--key-column",
            "path",
            "--bucket",
            "imp");
    Result r = run(db, args);
    assertThat(r.status).as(r.err).isEqualTo(1); // the unstorable keys fail alone
    for (String line : r.err.lines().toList()) {
      assertThat(line).startsWith("blobkeep: ").doesNotContain("\tat ");
    }
    // SQL in --where meant to change the source changes nothing.
    for (String where :
        List.of(
            "1=1; DROP TABLE files",
            "1=1); DROP TABLE files; --",
            "id IN (SELECT id FROM files) OR 1=1",
            "(SELECT load_extension('x')) IS NULL")) {
      List<String> withWhere = new ArrayList<>(args);
      withWhere.addAll(List.of("--where", where));
      Result w = run(db, withWhere);
      assertThat(w.err.lines().count()).as(w.err).isLessThanOrEqualTo(KEYS.size() + 1);
    }
    assertThat(Bytes.sha256(Files.readAllBytes(source))).isEqualTo(sourceSha);
    List<Path> after = tree(tmp);
    assertThat(after).isEqualTo(before);
    int stored = 0;
    try (BlobStore store = BlobStore.open(db.toString())) {
      for (String key : KEYS) {
        boolean storable = !key.contains("\0") && !key.contains("\n") && key.length() <= 1024;
        if (storable) {
          scenario.compare(
              "imp/" + key,
              store.getBytes(BlobRef.key("imp", key)),
              key.getBytes(StandardCharsets.UTF_8));
          stored++;
        }
      }
      var report = store.verifyAll();
      scenario.bytesCompared(report.bytesChecked());
      report.problems().forEach(p -> scenario.failed("verify: " + p));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM files")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(KEYS.size());
    }
    scenario.operations(5L * KEYS.size());
    scenario.pass((KEYS.size() - stored) + " rows refused, 4 hostile --where");
  }

  private record Result(int status, String err) {}

  private static Result run(Path db, List<String> args) {
    List<String> all = new ArrayList<>(List.of("--db", db.toString()));
    all.addAll(args);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Terminal terminal =
        new Terminal(
            new ByteArrayInputStream(new byte[0]),
            new ByteArrayOutputStream(),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            false);
    int status = Main.run(terminal, all.toArray(String[]::new));
    return new Result(status, err.toString(StandardCharsets.UTF_8));
  }

  /** Every file and directory under {@code root} except the store's own files, sorted. */
  private static List<Path> tree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return new ArrayList<>(
          files
              .filter(p -> !p.getFileName().toString().startsWith("store.db"))
              .filter(p -> !p.getFileName().toString().startsWith("source.sqlite-"))
              .sorted()
              .toList());
    }
  }
}
