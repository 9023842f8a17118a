package dev.blobkeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentTypesTest {
  @TempDir Path dir;

  @Test
  void theFileNameDecidesFirst() throws Exception {
    Path note = Files.writeString(dir.resolve("note.txt"), "{\"looks\": \"like json\"}");
    Path page = Files.write(dir.resolve("page.html"), new byte[] {0, 1, 2});

    assertThat(ContentTypes.guess(note)).startsWith("text/plain");
    assertThat(ContentTypes.guess(page)).isEqualTo("text/html");
  }

  @Test
  void withoutAKnownNameTheFirstBytesDecide() throws Exception {
    Path png =
        Files.write(
            dir.resolve("picture"),
            new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    Path json = Files.writeString(dir.resolve("data.zzunknown"), " [1, 2]");
    Path text = Files.writeString(dir.resolve("README"), "héllo\n", StandardCharsets.UTF_8);
    Path binary = Files.write(dir.resolve("blob"), new byte[] {0, 1, 2, 3});
    Path empty = Files.write(dir.resolve("empty"), new byte[0]);

    assertThat(ContentTypes.guess(png)).isEqualTo("image/png");
    assertThat(ContentTypes.guess(json)).isEqualTo("application/json");
    assertThat(ContentTypes.guess(text)).isEqualTo("text/plain; charset=utf-8");
    assertThat(ContentTypes.guess(binary)).isEqualTo("application/octet-stream");
    assertThat(ContentTypes.guess(empty)).isEqualTo("application/octet-stream");
  }

  @Test
  void aPipeIsNeverReadFrom() throws Exception {
    Path fifo = dir.resolve("pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();

    // Reading would block forever: no writer ever opens the pipe.
    assertThat(ContentTypes.guess(fifo)).isEqualTo("application/octet-stream");
  }
}
