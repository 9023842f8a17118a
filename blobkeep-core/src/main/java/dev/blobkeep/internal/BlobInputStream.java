package dev.blobkeep.internal;

import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A blob's bytes in {@code [offset, end)}, read as the stream is consumed: one chunk per statement,
 * or where the dialect {@linkplain dev.blobkeep.spi.Dialect#readAheadBytes reads ahead} a run of up
 * to that many bytes of chunks per statement, never past the range, each run checked to be of the
 * version the stream started on. No connection is held between reads. If the blob changes
 * underneath, the next read throws an {@link IOException} caused by {@link
 * dev.blobkeep.BlobExpiredException}; a CRC mismatch, or a chunk the chunk map marks stored whose
 * row is missing, throws one caused by {@link dev.blobkeep.BlobCorruptException}.
 */
final class BlobInputStream extends InputStream {
  private static final int ZEROS = 64 * 1024;

  private final ChunkReader reader;
  private final BlobRow row;
  private final long end;

  /** Chunks a statement fetches at most: 1 unless the dialect reads ahead. */
  private final int runLength;

  private long position;
  private byte[] chunk;
  private long chunkIndex = -1;

  /** Chunks read ahead and not handed out yet, or null. */
  private ChunkReader.Run run;

  private boolean closed;

  /** A stream that reads one chunk per statement, for a caller to consume at its own pace. */
  BlobInputStream(Session session, BlobRow row, long offset, long length) {
    this(session, row, offset, length, null, false);
  }

  /**
   * @param first a chunk already read in the same statement as {@code row}, or null
   * @param readAhead true to read runs of chunks where the dialect reads ahead: for a stream read
   *     through by one call
   */
  BlobInputStream(
      Session session,
      BlobRow row,
      long offset,
      long length,
      ChunkReader.Chunk first,
      boolean readAhead) {
    this.reader = new ChunkReader(session, row);
    this.row = row;
    this.position = offset;
    this.end = offset + length;
    int ahead = readAhead ? session.dialect().readAheadBytes() : 0;
    this.runLength =
        Chunks.inline(row.size(), row.chunkSize()) ? 1 : Math.max(1, ahead / row.chunkSize());
    if (first != null) {
      this.chunk = first.data();
      this.chunkIndex = first.index();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("stream over blob " + row.id() + " is closed");
    }
    if (len == 0) {
      return 0;
    }
    if (position >= end) {
      return -1;
    }
    try {
      load();
    } catch (BlobkeepException e) {
      throw new IOException(e.getMessage(), e);
    }
    int within = within();
    int n = (int) Math.min(len, slice(within));
    int stored = stored(within, n);
    if (stored > 0) {
      System.arraycopy(chunk, within, b, off, stored);
    }
    java.util.Arrays.fill(b, off + stored, off + n, (byte) 0);
    position += n;
    return n;
  }

  /**
   * Writes the rest of the range to {@code out} straight from the chunks as read, without copying
   * them into a buffer first. It never changes an array once it has handed it to {@code out} (a
   * chunk as read, or a run of zeros that it refills with zeros only), so {@code out} may keep the
   * arrays instead of copying them ({@link WriteBehind}).
   *
   * @return bytes written
   * @throws BlobkeepException if reading fails, or writing ({@link dev.blobkeep.StoreException}
   *     naming the blob and how far it got)
   */
  long copyTo(OutputStream out) {
    long start = position;
    try {
      return writeTo(out);
    } catch (IOException e) {
      throw new StoreException(
          "writing blob "
              + row.id()
              + " out failed after "
              + (position - start)
              + " bytes: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * As {@link #copyTo}, for a caller that names the destination in its own message: a failure to
   * write is the stream's {@link IOException} as thrown.
   *
   * @throws BlobkeepException if reading fails
   */
  long writeTo(OutputStream out) throws IOException {
    long start = position;
    byte[] zeros = null; // this call's own: an output stream may change what it is given
    while (position < end) {
      load();
      int within = within();
      int n = (int) slice(within);
      int stored = stored(within, n);
      if (stored > 0) {
        out.write(chunk, within, stored);
      }
      for (int left = n - stored; left > 0; left -= Math.min(left, ZEROS)) {
        if (zeros == null) {
          zeros = new byte[ZEROS];
        }
        java.util.Arrays.fill(zeros, (byte) 0);
        out.write(zeros, 0, Math.min(left, ZEROS));
      }
      position += n;
    }
    return position - start;
  }

  /** Makes {@link #chunk} the chunk that holds {@link #position}. */
  private void load() {
    long idx = position / row.chunkSize();
    if (idx == chunkIndex) {
      return;
    }
    ChunkReader.Chunk read;
    if (run != null && run.covers(idx)) {
      read = run.chunk(idx);
    } else {
      run = null;
      // not past the chunk holding the range's last byte
      long to = Math.min(idx + runLength, (end - 1) / row.chunkSize() + 1);
      if (to - idx > 1) {
        run = reader.readRun(idx, to, "it was being read");
        checkVersion(run.version());
        read = run.chunk(idx);
      } else {
        read = reader.read(idx, "it was being read");
      }
    }
    checkVersion(read.version());
    chunk = read.data();
    chunkIndex = idx;
  }

  private void checkVersion(long version) {
    if (version != row.version()) {
      run = null;
      throw new BlobExpiredException(
          "blob " + row.id() + " was written in place or resized while it was being read");
    }
  }

  /** Offset of {@link #position} in the current chunk. */
  private int within() {
    return (int) (position - chunkIndex * row.chunkSize());
  }

  /** Bytes from the position to the end of the current chunk's span or of the range. */
  private long slice(int within) {
    int span = Chunks.span(row.size(), row.chunkSize(), chunkIndex);
    return Math.min(span - within, end - position);
  }

  /** Of {@code n} bytes at {@code within}, how many are stored (the rest read as zeros). */
  private int stored(int within, int n) {
    return Math.max(0, Math.min(n, chunk.length - within));
  }

  @Override
  public long skip(long n) {
    long k = Math.max(0, Math.min(n, end - position));
    position += k;
    return k;
  }

  @Override
  public int available() {
    if (chunk == null || closed) {
      return 0;
    }
    long chunkEnd = Math.min((chunkIndex + 1) * row.chunkSize(), end);
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, chunkEnd - position));
  }

  @Override
  public void close() {
    closed = true;
    chunk = null;
    run = null;
  }
}
