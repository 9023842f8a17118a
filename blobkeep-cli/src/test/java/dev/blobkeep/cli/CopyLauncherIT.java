package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import dev.blobkeep.testkit.ScriptRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * {@code blobkeep copy} through the real launcher in a subprocess: a SQLite store into the test's
 * store (SQLite or PostgreSQL) and from there into a third one, then again with nothing to do, and
 * a location that holds no store.
 */
class CopyLauncherIT {
  private static final Path LAUNCHER =
      Path.of(System.getProperty("user.dir")).getParent().resolve("blobkeep").toAbsolutePath();

  @CliTest
  void copiesEveryBlobThereAndBackAndTheRerunSkipsThemAll(Cli cli) throws Exception {
    Path first = cli.dir().resolve("first.db");
    Path last = cli.dir().resolve("last.db");
    List<BlobInfo> original = new ArrayList<>();
    try (BlobStore store = BlobStore.open(first.toString())) {
      byte[] big = new byte[3 << 20];
      new Random(7).nextBytes(big);
      store.put(big, PutOptions.at("photos", "big.bin").meta(Map.of("owner", "ann")));
      store.put("small".getBytes(), PutOptions.at("docs", "a.txt"));
      store.allocate(10 << 20, PutOptions.at("disks", "zero.img"));
      original.addAll(store.list(Query.all()).items());
    }

    ScriptRun there = launch(cli, "copy", "--from", first.toString(), "--to", cli.location());
    ScriptRun back = launch(cli, "copy", "--from", cli.location(), "--to", last.toString());
    ScriptRun again = launch(cli, "copy", "--from", first.toString(), "--to", cli.location());
    ScriptRun missing =
        launch(cli, "copy", "--from", cli.dir().resolve("nosuch.db").toString(), "--to", "x.db");

    assertThat(there.status()).as(there.stderr()).isZero();
    assertThat(there.stdout())
        .matches("copied 3 blobs \\(13\\.0 MiB\\), skipped 0 unchanged, 0 failed in [0-9.]+ s\n");
    assertThat(back.stdout()).startsWith("copied 3 blobs (13.0 MiB), skipped 0 unchanged");
    assertThat(again.stdout()).startsWith("copied 0 blobs (0 B), skipped 3 unchanged, 0 failed");
    try (BlobStore store = BlobStore.open(last.toString())) {
      // all but the SHA-256, which was stale (null) at the source for the allocated blob
      Function<BlobInfo, List<Object>> fields =
          i -> List.of(i.id(), i.key(), i.size(), i.created(), i.updated(), i.meta(), i.etag());
      assertThat(store.list(Query.all()).items().stream().map(fields))
          .containsExactlyElementsOf(original.stream().map(fields).toList());
    }
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.stderr())
        .isEqualTo(
            "blobkeep: --from "
                + cli.dir().resolve("nosuch.db")
                + ": no blobkeep store at "
                + cli.dir().resolve("nosuch.db")
                + "\n");
    assertThat(cli.dir().resolve("x.db")).doesNotExist();
  }

  private static ScriptRun launch(Cli cli, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    return ScriptRun.of(cli.dir(), Map.of(), command);
  }
}
