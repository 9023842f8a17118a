package dev.blobkeep.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blobkeep.BlobRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Debian's rclone (an s3 remote, provider Other) and s3cmd against the S3 port. */
class RcloneS3cmdTest extends ExternalClientTest {

  @Test
  void rcloneCopiesSyncsChecksListsAndKeepsModificationTimes() throws Exception {
    require("/usr/bin/rclone", "Debian's rclone");
    Path tree = Files.createDirectories(dir.resolve("tree/sub"));
    for (int i = 0; i < 1000; i++) {
      Files.writeString(tree.resolve("f" + i + ".txt"), "file " + i);
    }
    Path odd = Files.writeString(dir.resolve("tree/" + "a b+c%d ü.txt"), "odd");
    Instant old = Instant.parse("2020-05-06T07:08:09Z");
    Files.setLastModifiedTime(odd, FileTime.from(old));
    byte[] big = new byte[12 * 1024 * 1024 + 5];
    new java.util.Random(9).nextBytes(big);
    Files.write(dir.resolve("tree/big.bin"), big);

    ok(rclone("mkdir", "bk:rc-bucket"));
    ok(rclone("sync", dir.resolve("tree").toString(), "bk:rc-bucket/tree"));
    ok(rclone("check", dir.resolve("tree").toString(), "bk:rc-bucket/tree"));
    assertThat(ok(rclone("lsf", "-R", "bk:rc-bucket/tree")).out())
        .contains("a b+c%d ü.txt")
        .contains("sub/f999.txt")
        .contains("big.bin");
    assertThat(store.getBytes(BlobRef.key("rc-bucket", "tree/big.bin"))).isEqualTo(big);

    ok(rclone("sync", "bk:rc-bucket/tree", dir.resolve("back").toString()));
    Path back = dir.resolve("back/a b+c%d ü.txt");
    assertThat(Files.readString(back)).isEqualTo("odd");
    assertThat(Files.getLastModifiedTime(back).toInstant()).isEqualTo(old);

    ok(rclone("delete", "bk:rc-bucket/tree/sub"));
    assertThat(ok(rclone("lsf", "-R", "bk:rc-bucket/tree")).out()).doesNotContain("f999.txt");
  }

  @Test
  void s3cmdMakesPutsGetsListsSyncsAndDeletes() throws Exception {
    require("/usr/bin/s3cmd", "Debian's s3cmd");
    Path file = Files.writeString(dir.resolve("one.txt"), "s3cmd file", StandardCharsets.UTF_8);
    Path tree = Files.createDirectories(dir.resolve("tree"));
    for (int i = 0; i < 20; i++) {
      Files.writeString(tree.resolve("f" + i + ".txt"), "file " + i);
    }
    byte[] big = new byte[20 * 1024 * 1024 + 3];
    new java.util.Random(4).nextBytes(big);
    Files.write(dir.resolve("big.bin"), big);

    ok(s3cmd("mb", "s3://cmd-bucket"));
    ok(s3cmd("put", file.toString(), "s3://cmd-bucket/" + ODD_KEY));
    ok(s3cmd("put", dir.resolve("big.bin").toString(), "s3://cmd-bucket/big.bin"));
    ok(s3cmd("sync", tree + "/", "s3://cmd-bucket/tree/"));
    assertThat(ok(s3cmd("ls", "-r", "s3://cmd-bucket")).out()).contains("tree/f19.txt");
    ok(s3cmd("get", "s3://cmd-bucket/big.bin", dir.resolve("big.back").toString()));
    assertThat(Files.readAllBytes(dir.resolve("big.back"))).isEqualTo(big);
    ok(s3cmd("get", "s3://cmd-bucket/" + ODD_KEY, dir.resolve("odd.back").toString()));
    assertThat(Files.readString(dir.resolve("odd.back"))).isEqualTo("s3cmd file");
    ok(s3cmd("del", "--recursive", "--force", "s3://cmd-bucket"));
    ok(s3cmd("rb", "s3://cmd-bucket"));
    assertThat(store.bucket("cmd-bucket")).isEmpty();
  }
}
