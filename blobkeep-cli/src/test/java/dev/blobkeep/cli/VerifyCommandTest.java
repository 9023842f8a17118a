package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

class VerifyCommandTest {
  @CliTest
  void anIntactStorePassesAndSaysWhatWasChecked(Cli cli) {
    cli.put(TestData.random(1000, 7));
    cli.put("abc", "--key", "k");

    assertThat(cli.run("verify").ok().out()).isEqualTo("ok: 2 blobs, 1003 bytes checked\n");
    assertThat(cli.run("verify", "default/k").ok().out())
        .isEqualTo("ok: 1 blob, 3 bytes checked\n");
  }

  @CliTest
  void aCorruptChunkIsReportedWithBlobAndChunkAndFails(Cli cli) throws IOException, SQLException {
    byte[] content = TestData.random(100_000, 8);
    String bad = cli.put(content);
    String good = cli.put("fine");
    if (cli.backend() == Backends.Backend.SQLITE) {
      flipAByteOf(content, Path.of(cli.location()));
    } else {
      flipAByteOnServer(cli.location(), bad);
    }

    Cli.Result all = cli.run("verify");
    Cli.Result one = cli.run("verify", bad);

    assertThat(all.failure(1)).matches("blobkeep: \\d+ problems? found \\(2 blobs, .*\\)");
    assertThat(all.lines()).isNotEmpty().allMatch(l -> l.startsWith("blob " + bad + " "));
    assertThat(all.lines()).anyMatch(l -> l.startsWith("blob " + bad + " chunk 0 "));
    assertThat(one.failure(1)).startsWith("blobkeep: ");
    assertThat(one.lines()).isEqualTo(all.lines());
    assertThat(cli.run("verify", good).ok().out()).startsWith("ok: 1 blob,");
    assertThat(cli.run("get", bad).failure(1)).contains(bad);
  }

  @CliTest
  void aLostChunkOfAnAllocatedBlobFailsVerifyAndGetNamingBlobKeyAndChunk(Cli cli)
      throws SQLException {
    String id = cli.run("alloc", "1M", "--bucket", "disks", "--key", "vm1.img").ok().out().strip();
    cli.run(
            "hello world".getBytes(StandardCharsets.US_ASCII),
            "write",
            id,
            "-",
            "--offset",
            "300000")
        .ok();
    String url =
        cli.backend() == Backends.Backend.SQLITE ? "jdbc:sqlite:" + cli.location() : cli.location();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM blobkeep_chunks");
    }

    Cli.Result verify = cli.run("verify");
    assertThat(verify.failure(1))
        .isEqualTo("blobkeep: 1 problem found (1 blob, 1048576 bytes checked)");
    String chunk = "blob " + id + " (disks/vm1.img) chunk " + 300_000 / 256 / 1024 + " is missing";
    assertThat(verify.lines()).anyMatch(l -> l.startsWith(chunk));
    assertThat(cli.run("get", "disks/vm1.img").failure(1)).contains(chunk);
  }

  @CliTest
  void verifyRecordsAStaleSha256AndSaysSo(Cli cli) {
    String id = cli.run("alloc", "64K", "--bucket", "d", "--key", "z").ok().out().strip();
    String sha256 = TestData.sha256(new byte[64 * 1024]);

    assertThat(cli.run("verify").ok().out())
        .isEqualTo(
            "blob "
                + id
                + " (d/z) sha256 recomputed (it was stale): "
                + sha256
                + ", recorded\nok: 1 blob, 65536 bytes checked\n");
    assertThat(cli.run("info", "d/z").ok().out()).contains("\"sha256\": \"" + sha256 + "\"");
    assertThat(cli.run("verify").ok().out()).isEqualTo("ok: 1 blob, 65536 bytes checked\n");
  }

  @CliTest
  void verifyReadOnlyReportsAStaleSha256WithoutRecordingIt(Cli cli) {
    String id = cli.run("alloc", "64K", "--bucket", "d", "--key", "z").ok().out().strip();
    String stale =
        "blob "
            + id
            + " (d/z) sha256 recomputed (it was stale): "
            + TestData.sha256(new byte[64 * 1024])
            + ", not recorded: the store is open read-only\n";

    assertThat(cli.run("verify", "--read-only").ok().out())
        .isEqualTo(stale + "ok: 1 blob, 65536 bytes checked\n");
    // not recorded: the next verify finds it stale again
    assertThat(cli.run("verify", "--read-only", "d/z").ok().out()).startsWith(stale);
  }

  @CliTest
  void unknownRefFails(Cli cli) {
    assertThat(cli.run("verify", "b/none").failure(1)).isEqualTo("blobkeep: no blob b/none");
  }

  /**
   * Flips one byte of the blob's first chunk on the PostgreSQL server (the URL's currentSchema).
   */
  private static void flipAByteOnServer(String url, String blobId) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE blobkeep_chunks SET data = set_byte(data, 7, get_byte(data, 7) # 64)"
                    + " WHERE blob_id = CAST(? AS uuid) AND idx = 0")) {
      ps.setString(1, blobId);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  /** Flips one byte of {@code content} where it is stored in the database file or its WAL. */
  private static void flipAByteOf(byte[] content, Path db) throws IOException {
    byte[] needle = Arrays.copyOfRange(content, 50_000, 50_032);
    for (Path file : List.of(db, Path.of(db + "-wal"))) {
      if (!Files.exists(file)) {
        continue;
      }
      byte[] bytes = Files.readAllBytes(file);
      int at = indexOf(bytes, needle);
      if (at >= 0) {
        bytes[at + 7] ^= 0x40;
        Files.write(file, bytes);
        return;
      }
    }
    throw new AssertionError("the blob's bytes were not found in " + db);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
