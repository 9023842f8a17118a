package dev.blobkeep.internal;

import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.BlobkeepException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob's bytes in {@code [offset, end)}, read one chunk at a time as the stream is consumed. No
 * connection is held between reads. If the blob changes underneath, the next read throws an {@link
 * IOException} caused by {@link dev.blobkeep.BlobExpiredException}; a CRC mismatch throws one
 * caused by {@link dev.blobkeep.BlobCorruptException}.
 */
final class BlobInputStream extends InputStream {
  private final ChunkReader reader;
  private final BlobRow row;
  private final long end;
  private long position;
  private byte[] chunk;
  private long chunkIndex = -1;
  private boolean closed;

  BlobInputStream(Session session, BlobRow row, long offset, long length) {
    this(session, row, offset, length, null);
  }

  /**
   * @param first a chunk already read in the same statement as {@code row}, or null
   */
  BlobInputStream(Session session, BlobRow row, long offset, long length, ChunkReader.Chunk first) {
    this.reader = new ChunkReader(session, row.id());
    this.row = row;
    this.position = offset;
    this.end = offset + length;
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
    long idx = position / row.chunkSize();
    int span = Chunks.span(row.size(), row.chunkSize(), idx);
    if (idx != chunkIndex) {
      try {
        ChunkReader.Chunk read = reader.read(idx, "it was being read");
        if (read.version() != row.version()) {
          throw new BlobExpiredException(
              "blob " + row.id() + " was written in place or resized while it was being read");
        }
        chunk = read.data();
      } catch (BlobkeepException e) {
        throw new IOException(e.getMessage(), e);
      }
      chunkIndex = idx;
    }
    int within = (int) (position - idx * row.chunkSize());
    int n = (int) Math.min(Math.min(len, span - within), end - position);
    int stored = Math.max(0, Math.min(n, chunk.length - within));
    if (stored > 0) {
      System.arraycopy(chunk, within, b, off, stored);
    }
    java.util.Arrays.fill(b, off + stored, off + n, (byte) 0);
    position += n;
    return n;
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
  }
}
