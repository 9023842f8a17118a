package dev.blobkeep.bench;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The large blob shared by {@code large-*} and {@code random-*}: a file of random bytes, and a
 * store holding the same bytes as one blob in default chunks ({@code large-get}) and one in small
 * chunks ({@code random-*}). Made on first use, removed by {@link #close()}.
 */
final class LargeData implements AutoCloseable {
  /** Buffer of the sequential copy: large enough that system calls do not dominate. */
  static final int COPY_BUFFER = 1 << 20;

  private final Content content;
  private final Path dir;
  private final long size;
  private BlobStore store;
  private BlobInfo blob;
  private BlobInfo randomBlob;

  /**
   * Chunk size of {@link #randomBlob()}: what an application doing random in-place I/O picks with
   * {@link PutOptions#chunkSize} (a 4 KiB read fetches and CRC-checks one 16 KiB chunk).
   */
  static final int RANDOM_CHUNK = 16 * 1024;

  LargeData(Content content, Path dir, long size) {
    this.content = content;
    this.dir = dir;
    this.size = size;
  }

  long size() {
    return size;
  }

  /** The source file, written on first call. */
  Path file() throws IOException {
    Path f = dir.resolve("large.bin");
    if (!Files.exists(f) || Files.size(f) != size) {
      content.writeFile(f, size);
    }
    return f;
  }

  /** The store holding the file's bytes as {@link #blob()}, opened and filled on first call. */
  BlobStore store() throws IOException {
    if (store == null) {
      Path f = file();
      String db = dir.resolve("large.db").toString();
      try (BlobStore loading = BlobStore.open(db, StoreOptions.defaults())) {
        blob = loading.put(f, PutOptions.at("bench", "large"));
        randomBlob = loading.put(f, PutOptions.at("bench", "random").chunkSize(RANDOM_CHUNK));
      }
      // Reopened, so the write-ahead log is checkpointed now and not during the rounds.
      store = BlobStore.open(db, StoreOptions.defaults());
    }
    return store;
  }

  BlobInfo blob() throws IOException {
    store();
    return blob;
  }

  /** The same bytes as {@link #blob()}, stored in {@link #RANDOM_CHUNK} chunks for random I/O. */
  BlobInfo randomBlob() throws IOException {
    store();
    return randomBlob;
  }

  /**
   * Copies {@code from} to a new file {@code to} through two FileChannels and a direct buffer; with
   * {@code sync}, forces it to the device before returning. Returns the bytes copied.
   */
  static long copy(Path from, Path to, boolean sync) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(COPY_BUFFER);
    long done = 0;
    try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(
                to,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
      while (in.read(buf) >= 0) {
        buf.flip();
        while (buf.hasRemaining()) {
          done += out.write(buf);
        }
        buf.clear();
      }
      if (sync) {
        out.force(true);
      }
    }
    return done;
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
    Scratch.deleteDatabase(dir.resolve("large.db"));
    Scratch.delete(dir.resolve("large.bin"));
  }
}
