package dev.blobkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @Test
  void replacesTheTargetWithTheWholeContent(@TempDir Path dir) throws IOException {
    Path target = Files.writeString(dir.resolve("t"), "old");

    AtomicFile.write(target, out -> out.write("new content".getBytes()));

    assertThat(target).hasContent("new content");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void aFailureLeavesTheTargetAsItWasAndNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path target = Files.writeString(dir.resolve("t"), "old");

    assertThatThrownBy(
            () ->
                AtomicFile.write(
                    target,
                    out -> {
                      out.write("half".getBytes());
                      throw new IOException("source broke");
                    }))
        .hasMessage("source broke");

    assertThat(target).hasContent("old");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void aDirectoryTargetIsRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> AtomicFile.write(dir, out -> {})).hasMessage(dir + " is a directory");
  }
}
