package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.reliability.Scenario;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get -o FILE} writes exactly FILE whatever the blob's key: keys such as {@code ../../x},
 * {@code /etc/x} or {@code a/../../b} name blobs, never paths, so nothing appears anywhere else
 * (not beside the target, not in its parents). Keys with NUL, unpaired surrogates or over 1024
 * bytes are refused as usage errors in one line.
 */
class OutputPathSafetyTest {
  static final List<String> PATH_KEYS =
      List.of(
          "../../x",
          "../x",
          "..",
          ".",
          "/etc/x",
          "//x",
          "a/../../b",
          "..\\..\\x",
          "x/",
          "~/x",
          "${HOME}/x",
          "$(touch pwned)",
          "out",
          ".out.123.part",
          "sub/../../../../../../tmp/blobkeep-escape");

  @TempDir Path tmp;

  @Test
  void getToAFileWritesOnlyThatFileWhateverTheKey() throws Exception {
    Scenario scenario = Scenario.storedData("hostile input: get -o with path-like keys (CLI)");
    Path db = tmp.resolve("store.db");
    Path work = Files.createDirectories(tmp.resolve("a/b/c"));
    try (BlobStore store = BlobStore.open(db.toString())) {
      for (String key : PATH_KEYS) {
        store.put(key.getBytes(StandardCharsets.UTF_8), PutOptions.at("b", key));
      }
    }
    List<Path> before = tree(tmp);
    for (String key : PATH_KEYS) {
      Path out = work.resolve("out");
      Files.deleteIfExists(out);
      Result r = run(db, "get", "b/" + key, "-o", out.toString());
      assertThat(r.status).as("get b/%s: %s", key, r.err).isZero();
      scenario.compare(
          "get b/" + key + " -o", Files.readAllBytes(out), key.getBytes(StandardCharsets.UTF_8));
      List<Path> after = tree(tmp);
      after.remove(out);
      assertThat(after).as("files after get b/%s -o %s", key, out).isEqualTo(before);
      // And with the output given relative to nothing the key could steer: "-o -" is stdout.
      Result toStdout = run(db, "get", "b/" + key);
      scenario.compare("get b/" + key, toStdout.out, key.getBytes(StandardCharsets.UTF_8));
    }
    Files.deleteIfExists(work.resolve("out"));
    assertThat(tree(tmp)).isEqualTo(before);
    assertThat(Path.of("/tmp/blobkeep-escape")).doesNotExist();
    try (BlobStore store = BlobStore.open(db.toString())) {
      for (String key : PATH_KEYS) {
        scenario.compare(
            "b/" + key,
            store.getBytes(BlobRef.key("b", key)),
            key.getBytes(StandardCharsets.UTF_8));
      }
    }
    scenario.operations(PATH_KEYS.size() * 3L);
    scenario.pass(PATH_KEYS.size() + " path-like keys");
  }

  @Test
  void unstorableKeysAreOneLineUsageErrors() {
    Path db = tmp.resolve("store.db");
    for (String key : List.of("a\0b", "a\ud800b", "\udc00", "k".repeat(1025), "é".repeat(513))) {
      Result r = run(db, "get", "b/" + key);
      assertThat(r.status)
          .as("get b/%s", key.length() > 20 ? key.substring(0, 20) : key)
          .isEqualTo(2);
      assertThat(r.err.lines().count()).as(r.err).isEqualTo(1);
      assertThat(r.err).startsWith("blobkeep: ");
    }
  }

  private record Result(int status, byte[] out, String err) {}

  private static Result run(Path db, String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db.toString()));
    all.addAll(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Terminal terminal =
        new Terminal(
            new ByteArrayInputStream(new byte[0]),
            out,
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            false);
    int status = Main.run(terminal, all.toArray(String[]::new));
    return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  /** Every file and directory under {@code root} (the store's own files excepted), sorted. */
  private static List<Path> tree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return new ArrayList<>(
          files.filter(p -> !p.getFileName().toString().startsWith("store.db")).sorted().toList());
    }
  }
}
