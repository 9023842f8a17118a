package dev.blobkeep.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The file a {@link WriteBehind} writes on its thread, against what it was given, in order. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a stop that hangs fails instead
class WriteBehindTest {
  @TempDir Path dir;

  @Test
  void writesOfEverySizeAndOffsetLandInOrderOnceClosed() throws IOException {
    Random random = new Random(42);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    Path file = Files.createFile(dir.resolve("out"));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      WriteBehind out = new WriteBehind(channel, "test");
      for (int i = 0; i < 500; i++) {
        byte[] b = new byte[1 + random.nextInt(70_000)];
        random.nextBytes(b);
        int off = random.nextInt(b.length);
        int len = random.nextInt(b.length - off + 1);
        out.write(b, off, len); // a fresh array each time: WriteBehind keeps it, not a copy
        expected.write(b, off, len);
        if (i % 97 == 0) {
          out.write(7);
          expected.write(7);
        }
      }
      out.close();
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
    assertThat(writerThreads()).isZero();
  }

  @Test
  void aFailureOnTheThreadFailsTheNextWriteOrTheClose() throws IOException {
    Path file = Files.write(dir.resolve("read-only"), new byte[] {1, 2, 3});
    try (FileChannel readOnly = FileChannel.open(file, StandardOpenOption.READ)) {
      WriteBehind out = new WriteBehind(readOnly, "test");
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 1000; i++) {
                  out.write(new byte[4096], 0, 4096);
                }
                out.close();
              })
          .isInstanceOf(IOException.class)
          .hasMessageContaining("NonWritableChannelException");
      out.abort();
    }
    assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
    assertThat(writerThreads()).isZero();
  }

  @Test
  void abortStopsTheThreadAndLaterWritesAndClosesFail() throws IOException {
    Path file = Files.createFile(dir.resolve("out"));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      WriteBehind out = new WriteBehind(channel, "test");
      out.write(new byte[1 << 20], 0, 1 << 20);
      out.abort();
      assertThat(writerThreads()).isZero();
      assertThatThrownBy(() -> out.write(new byte[1], 0, 1))
          .isInstanceOf(IOException.class)
          .hasMessage("stream is closed");
      // rather than report the file complete
      assertThatThrownBy(out::close)
          .isInstanceOf(IOException.class)
          .hasMessage("stream was aborted: the file is incomplete");
    }
  }

  @Test
  void aThreadThatEndedWithoutAFailureFailsTheWritesAndEveryClose() throws Exception {
    Path file = Files.createFile(dir.resolve("out"));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      WriteBehind out = new WriteBehind(channel, "test");
      Thread writer = writers().findFirst().orElseThrow();
      writer.interrupt(); // ends it between writes, with nothing to report
      writer.join();
      String ended = "the writing thread ended before the end of the file";
      assertThatThrownBy(
              () -> {
                for (int i = 0; i <= WriteBehind.PENDING; i++) {
                  out.write(new byte[10], 0, 10);
                }
              })
          .isInstanceOf(IOException.class)
          .hasMessage(ended);
      assertThatThrownBy(out::close).isInstanceOf(IOException.class).hasMessage(ended);
      assertThatThrownBy(out::close).isInstanceOf(IOException.class).hasMessage(ended);
    }
  }

  @Test
  void anInterruptedWriterStopsTheThreadAndKeepsItsInterrupt() throws IOException {
    Path file = Files.createFile(dir.resolve("out"));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      WriteBehind out = new WriteBehind(channel, "test");
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> out.write(new byte[10], 0, 10))
            .isInstanceOf(InterruptedIOException.class);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted(); // clears it for the tests after this one
      }
      assertThat(writerThreads()).isZero();
    }
  }

  private static long writerThreads() {
    return writers().filter(Thread::isAlive).count();
  }

  private static Stream<Thread> writers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("blobkeep-write-behind test"));
  }
}
