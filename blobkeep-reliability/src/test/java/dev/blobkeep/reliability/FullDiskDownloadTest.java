package dev.blobkeep.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreException;
import dev.blobkeep.testkit.Bytes;
import dev.blobkeep.testkit.SqliteFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A get into a file on a full file system (a small tmpfs; root only) fails naming the file and the
 * cause, leaves the file it would have replaced as it was and no temporary file behind: for a blob
 * written by the calling thread and for one large enough to be written on a thread of its own while
 * the next chunks are read.
 */
class FullDiskDownloadTest {
  private static final byte[] OLD = "old content".getBytes(StandardCharsets.US_ASCII);

  @Test
  void aGetIntoAFullFileSystemFailsNamingTheFileAndLeavesItAsItWas() throws Exception {
    Tmpfs tmpfs;
    try {
      tmpfs = Tmpfs.mount(1);
    } catch (IOException e) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI runs as root on a machine that mounts a tmpfs: " + e.getMessage());
      }
      Assumptions.abort("needs permission to mount a tmpfs (run as root): " + e.getMessage());
      return;
    }
    try (tmpfs;
        SqliteFixture db = new SqliteFixture();
        BlobStore store = BlobStore.open(db.location())) {
      // 700 KiB of the 1 MiB taken: about 320 KiB left
      Path filler = Files.write(tmpfs.dir.resolve("filler"), new byte[700 << 10]);
      // 3 MiB and 12 chunks: written on a thread of its own; 600 KiB and 3 chunks: by the caller
      for (int size : new int[] {3 << 20, 600 << 10}) {
        byte[] data = Bytes.random(size, size);
        BlobRef ref = store.put(data, PutOptions.defaults()).ref();
        Path target = Files.write(tmpfs.dir.resolve("drawing.bin"), OLD);
        // fills the file system before the blob's end
        assertThatThrownBy(() -> store.get(ref, target))
            .isInstanceOf(StoreException.class)
            .hasMessageStartingWith("cannot write " + target + ": ")
            .hasMessageContaining("No space left on device")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(Files.readAllBytes(target)).isEqualTo(OLD);
        try (Stream<Path> files = Files.list(tmpfs.dir)) {
          assertThat(files).containsExactlyInAnyOrder(target, filler); // no .part file
        }
      }
      // the space the failed gets used is free again: a blob that fits is written whole
      byte[] small = Bytes.random(200 << 10, 7);
      BlobRef fits = store.put(small, PutOptions.defaults()).ref();
      Path target = tmpfs.dir.resolve("drawing.bin");
      store.get(fits, target);
      assertThat(Files.readAllBytes(target)).isEqualTo(small);
    }
  }
}
