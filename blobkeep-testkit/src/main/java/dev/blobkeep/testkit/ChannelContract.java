package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Whence;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Preallocation and incremental I/O through {@link BlobChannel} (APSW's blob semantics). */
public abstract class ChannelContract extends ContractBase {

  @Test
  void allocateIsSparseAndReadsAsZeros() throws Exception {
    long size = 1L << 40; // 1 TiB: only possible because nothing is written
    BlobInfo info = store.allocate(size, PutOptions.at("pre", "big").meta("owner", "ann"));
    assertThat(info.size()).isEqualTo(size);
    assertThat(rows("chunks")).isZero();
    assertThat(store.list(dev.blobkeep.Query.bucket("pre")).items().get(0).meta())
        .containsEntry("owner", "ann");
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ)) {
      ch.seek(-100, Whence.END);
      byte[] tail = new byte[100];
      ch.readInto(tail, 0, 100);
      assertThat(tail).containsOnly(0);
      assertThat(ch.read(ByteBuffer.allocate(1))).isEqualTo(-1);
    }
    BlobInfo small = store.allocate(3 * CHUNK + 1, PutOptions.defaults());
    assertThat(store.getBytes(small.ref())).isEqualTo(new byte[3 * CHUNK + 1]);
    assertThat(store.info(small.ref()).sha256()).isNull(); // left to verify
    assertThatThrownBy(() -> store.allocate(-1, PutOptions.defaults()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("size must be >= 0, got -1");
  }

  @Test
  void writeInChunksReadBackSeekTellReopen() throws IOException {
    BlobInfo a = store.allocate(3 * CHUNK + 10, PutOptions.defaults());
    BlobInfo b = store.put(Bytes.random(100, 1));
    byte[] expected = new byte[3 * CHUNK + 10];
    try (BlobChannel ch = store.open(a.ref(), OpenMode.READ_WRITE)) {
      assertThat(ch.size()).isEqualTo(3 * CHUNK + 10);
      byte[] part = Bytes.random(CHUNK + 7, 2);
      ch.seek(CHUNK - 3, Whence.START);
      ch.write(part);
      System.arraycopy(part, 0, expected, CHUNK - 3, part.length);
      assertThat(ch.tell()).isEqualTo(2L * CHUNK + 4);
      assertThat(ch.seek(-4, Whence.CURRENT)).isEqualTo(2L * CHUNK);
      assertThat(ch.seek(0, Whence.END)).isEqualTo(3L * CHUNK + 10);
      ch.position(0);
      byte[] all = new byte[expected.length];
      ch.readInto(all, 0, all.length);
      assertThat(all).isEqualTo(expected);
      ch.reopen(b.ref());
      assertThat(ch.blobId()).isEqualTo(b.id());
      assertThat(ch.tell()).isZero();
      assertThat(ch.read(1000)).hasSize(100);
      assertThat(ch.read(10)).isEmpty();
    }
    assertThat(store.getBytes(a.ref())).isEqualTo(expected);
    assertThat(store.info(a.ref()).sha256()).isNull(); // stale after in-place writes
  }

  @Test
  void writePastTheEndFailsAndWritesNothing() throws IOException {
    byte[] data = Bytes.random(2 * CHUNK, 3);
    BlobInfo info = store.put(data);
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE)) {
      ch.seek(2 * CHUNK - 5, Whence.START);
      assertThatThrownBy(() -> ch.write(new byte[6]))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage(
              "write of 6 bytes at offset %d would pass the end of blob %s (size %d); nothing was written",
              2 * CHUNK - 5, info.id(), 2 * CHUNK);
      assertThat(ch.tell()).isEqualTo(2 * CHUNK - 5);
      assertThat(ch.size()).isEqualTo(2 * CHUNK);
    }
    assertThat(store.getBytes(info.ref())).isEqualTo(data);
    assertThat(store.info(info.ref()).sha256()).isEqualTo(Bytes.sha256(data));
  }

  @Test
  void readIntoNeedsEnoughBytesAndReadAtTheEndIsEndOfStream() throws IOException {
    BlobInfo info = store.put(Bytes.random(50, 4));
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ)) {
      ch.seek(40, Whence.START);
      assertThatThrownBy(() -> ch.readInto(new byte[20], 0, 11))
          .isInstanceOf(EOFException.class)
          .hasMessage(
              "readInto wants 11 bytes at position 40 of blob %s but only 10 remain (size 50)",
              info.id());
      assertThat(ch.tell()).isEqualTo(40);
      byte[] buf = new byte[10];
      ch.readInto(buf, 0, 10);
      assertThat(ch.read(ByteBuffer.allocate(5))).isEqualTo(-1);
      assertThat(ch.asInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void aPositionalReadReadsThereAndLeavesThePositionAlone() throws IOException {
    byte[] content = Bytes.random(3 * CHUNK + 7, 11);
    BlobInfo info = store.put(content, PutOptions.defaults().chunkSize(CHUNK));
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ)) {
      ch.seek(5, Whence.START);
      byte[] buf = new byte[100];
      ch.readInto(CHUNK - 50, buf, 0, 100); // across a chunk boundary
      assertThat(buf).isEqualTo(Arrays.copyOfRange(content, CHUNK - 50, CHUNK + 50));
      assertThat(ch.tell()).isEqualTo(5);
      assertThatThrownBy(() -> ch.readInto(content.length - 3, buf, 0, 4))
          .isInstanceOf(EOFException.class)
          .hasMessage(
              "readInto wants 4 bytes at position %d of blob %s but only 3 remain (size %d)",
              content.length - 3, info.id(), content.length);
      assertThatThrownBy(() -> ch.readInto(-1, buf, 0, 1))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("position < 0: -1");
      assertThat(ch.tell()).isEqualTo(5);
    }
  }

  @Test
  void aBlobKeepsTheChunkSizeItWasPutWith() throws Exception {
    byte[] content = Bytes.random(5 * CHUNK + 1, 12);
    BlobInfo small = store.put(content, PutOptions.defaults().chunkSize(CHUNK));
    BlobInfo big = store.put(content, PutOptions.defaults().chunkSize(2 * CHUNK));
    StoredChunks stored = new StoredChunks(fixture);
    assertThat(stored.count(small.id())).isEqualTo(6);
    assertThat(stored.count(big.id())).isEqualTo(3);
    assertThat(store.getBytes(small.ref())).isEqualTo(content);
    assertThat(store.getBytes(big.ref())).isEqualTo(content);
    try (BlobChannel ch = store.open(small.ref(), OpenMode.READ_WRITE)) {
      ch.seek(CHUNK - 1, Whence.START);
      ch.write(new byte[] {1, 2});
    }
    content[CHUNK - 1] = 1;
    content[CHUNK] = 2;
    assertThat(store.getBytes(small.ref())).isEqualTo(content);
    assertThat(store.verify(small.ref()).ok()).isTrue();
    assertThatThrownBy(() -> PutOptions.defaults().chunkSize(100))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("chunkSize must be 4096 to 16777216 bytes, got 100");
  }

  @Test
  void seekOutsideTheBlobFailsAndKeepsThePosition() throws IOException {
    BlobInfo info = store.put(new byte[10]);
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ)) {
      ch.seek(3, Whence.START);
      assertThatThrownBy(() -> ch.seek(11, Whence.START))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage(
              "seek to offset 11 from START lands outside blob %s (size 10, position 3)",
              info.id());
      assertThatThrownBy(() -> ch.seek(-4, Whence.CURRENT))
          .isInstanceOf(InvalidArgumentException.class);
      assertThatThrownBy(() -> ch.seek(1, Whence.END)).isInstanceOf(InvalidArgumentException.class);
      assertThatThrownBy(() -> ch.position(-1)).isInstanceOf(InvalidArgumentException.class);
      assertThatThrownBy(() -> ch.seek(Long.MAX_VALUE, Whence.CURRENT))
          .isInstanceOf(InvalidArgumentException.class);
      assertThat(ch.tell()).isEqualTo(3);
      assertThat(ch.seek(0, Whence.END)).isEqualTo(10);
    }
  }

  @Test
  void aReadChannelRefusesWrites() throws IOException {
    BlobInfo info = store.put(new byte[10]);
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ)) {
      assertThatThrownBy(() -> ch.write(new byte[1]))
          .isInstanceOf(NonWritableChannelException.class);
      assertThatThrownBy(() -> ch.write(ByteBuffer.allocate(1)))
          .isInstanceOf(NonWritableChannelException.class);
      assertThatThrownBy(() -> ch.resize(20)).isInstanceOf(NonWritableChannelException.class);
    }
    assertThat(store.getBytes(info.ref())).isEqualTo(new byte[10]);
  }

  @Test
  void closeIsIdempotentAndEverythingElseFailsAfterIt() throws IOException {
    BlobChannel ch = store.open(store.put(new byte[10]).ref(), OpenMode.READ_WRITE);
    ch.close();
    ch.close();
    assertThat(ch.isOpen()).isFalse();
    assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(1)))
        .isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(() -> ch.write(new byte[1])).isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(ch::tell).isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(ch::size).isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(() -> ch.seek(0, Whence.START)).isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(() -> ch.readInto(new byte[1], 0, 1))
        .isInstanceOf(ClosedChannelException.class);
  }

  @Test
  void aDeletedOrReplacedBlobExpiresItsChannel() throws IOException {
    BlobInfo deleted = store.put(new byte[10], PutOptions.at("e", "d"));
    BlobInfo replaced = store.put(new byte[10], PutOptions.at("e", "r"));
    try (BlobChannel d = store.open(deleted.ref(), OpenMode.READ_WRITE);
        BlobChannel r = store.open(replaced.ref(), OpenMode.READ)) {
      store.delete(deleted.ref());
      store.put(new byte[3], PutOptions.at("e", "r"));
      assertThatThrownBy(() -> d.write(new byte[1]))
          .isInstanceOf(IOException.class)
          .hasCauseInstanceOf(BlobExpiredException.class)
          .hasMessageStartingWith("blob " + deleted.id() + " ");
      assertThatThrownBy(() -> r.read(ByteBuffer.allocate(1)))
          .isInstanceOf(IOException.class)
          .hasCauseInstanceOf(BlobExpiredException.class)
          .hasMessageStartingWith("blob " + replaced.id() + " ");
    }
    assertThat(store.getBytes(BlobRef.key("e", "r"))).hasSize(3);
  }

  @Test
  void resizeGrowsWithZerosAndShrinksWithoutLeavingStaleBytes() throws IOException {
    byte[] data = Bytes.random(3 * CHUNK, 5);
    BlobInfo info = store.put(data);
    BlobInfo shrunk = store.resize(info.ref(), CHUNK + 3);
    assertThat(shrunk.version()).as("one resize, one version").isEqualTo(info.version() + 1);
    assertThat(shrunk.etag()).isEqualTo("v" + shrunk.version() + "-" + info.id());
    assertThat(store.info(info.ref()).version()).isEqualTo(shrunk.version());
    assertThat(store.getBytes(info.ref())).isEqualTo(Arrays.copyOf(data, CHUNK + 3));
    store.resize(info.ref(), 4 * CHUNK);
    byte[] expected = Arrays.copyOf(Arrays.copyOf(data, CHUNK + 3), 4 * CHUNK);
    assertThat(store.getBytes(info.ref())).isEqualTo(expected);
    assertThat(store.info(info.ref()).sha256()).isNull(); // stale after a resize
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE)) {
      ch.seek(0, Whence.END);
      ch.truncate(10);
      assertThat(ch.size()).isEqualTo(10);
      assertThat(ch.tell()).isEqualTo(10);
      ch.truncate(100); // never grows, per SeekableByteChannel
      assertThat(ch.size()).isEqualTo(10);
    }
    store.resize(info.ref(), 0);
    assertThat(store.info(info.ref()).sha256()).isEqualTo(Bytes.sha256(new byte[0]));
    assertThatThrownBy(() -> store.resize(info.ref(), -5)).hasMessage("size must be >= 0, got -5");
  }

  @Test
  void writesInsideATransactionCommitWithIt() throws IOException {
    BlobInfo info = store.put(new byte[10]);
    assertThatThrownBy(
            () ->
                store.useTransaction(
                    tx -> {
                      try (BlobChannel ch = tx.open(info.ref(), OpenMode.READ_WRITE)) {
                        ch.write(new byte[] {1, 2, 3});
                      }
                      throw new IllegalStateException("abort");
                    }))
        .hasMessage("abort");
    assertThat(store.getBytes(info.ref())).isEqualTo(new byte[10]);
    store.useTransaction(
        tx -> {
          try (BlobChannel ch = tx.open(info.ref(), OpenMode.READ_WRITE)) {
            ch.write(new byte[] {1, 2, 3});
          }
        });
    assertThat(store.getBytes(info.ref(), 0, 3)).containsExactly(1, 2, 3);
  }

  @Test
  void streamViewsReadAndWriteAtThePosition() throws IOException {
    BlobInfo info = store.allocate(2 * CHUNK, PutOptions.defaults());
    byte[] data = Bytes.random(CHUNK + 1, 6);
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE)) {
      ch.seek(5, Whence.START);
      OutputStream out = ch.asOutputStream();
      out.write(data);
      out.flush(); // the stream buffers up to a chunk boundary
      ch.seek(5, Whence.START);
      InputStream in = ch.asInputStream();
      assertThat(in.readNBytes(data.length)).isEqualTo(data);
    }
  }

  @Test
  void manySmallWritesThroughTheOutputStreamCommitOncePerChunkNotOncePerWrite() throws IOException {
    BlobInfo info = store.allocate(CHUNK + 10, PutOptions.defaults());
    byte[] data = Bytes.random(CHUNK + 10, 11);
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE);
        OutputStream out = ch.asOutputStream()) {
      for (byte b : data) {
        out.write(b);
      }
    }
    assertThat(store.getBytes(info.ref())).isEqualTo(data);
    // Each committed in-place write bumps the version once: one for each chunk here.
    assertThat(store.info(info.ref()).version() - info.version()).isEqualTo(2);
  }

  @Test
  void anOutputStreamWritePastTheEndFailsAtOnceAndKeepsWhatCameBefore() throws IOException {
    BlobInfo info = store.allocate(10, PutOptions.defaults());
    try (BlobChannel ch = store.open(info.ref(), OpenMode.READ_WRITE)) {
      OutputStream out = ch.asOutputStream();
      out.write(new byte[] {1, 2, 3});
      assertThatThrownBy(() -> out.write(new byte[8]))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage(
              "write of 8 bytes at offset 3 would pass the end of blob %s (size 10);"
                  + " nothing of it was written",
              info.id());
      out.close();
    }
    assertThat(store.getBytes(info.ref())).isEqualTo(new byte[] {1, 2, 3, 0, 0, 0, 0, 0, 0, 0});
  }

  @Test
  void seekIsCheckedAgainstTheSizeNowAndNoticesADeletedBlob() throws IOException {
    BlobInfo shrunk = store.put(new byte[100], PutOptions.at("s", "shrunk"));
    try (BlobChannel ch = store.open(shrunk.ref(), OpenMode.READ_WRITE)) {
      store.resize(shrunk.ref(), 10);
      assertThatThrownBy(() -> ch.seek(50, Whence.START))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("(size 10, position 0)");
    }
    BlobInfo deleted = store.put(new byte[100], PutOptions.at("s", "deleted"));
    try (BlobChannel ch = store.open(deleted.ref(), OpenMode.READ)) {
      store.delete(deleted.ref());
      assertThatThrownBy(() -> ch.seek(20, Whence.START))
          .isInstanceOf(IOException.class)
          .hasCauseInstanceOf(BlobExpiredException.class);
      assertThatThrownBy(() -> ch.readInto(new byte[0], 0, 0))
          .isInstanceOf(IOException.class)
          .hasCauseInstanceOf(BlobExpiredException.class);
    }
  }
}
