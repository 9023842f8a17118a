package dev.blobkeep.internal;

import dev.blobkeep.InvalidArgumentException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;

/**
 * {@link dev.blobkeep.BlobChannel#asOutputStream()}: buffers bytes up to the next chunk boundary
 * and writes them through the channel (one in-place write, one commit) when the buffer reaches it,
 * on {@link #flush()} and on {@link #close()}. A write that starts on a boundary with at least a
 * chunk of bytes goes to the channel directly, whole chunks at a time. Not thread-safe.
 */
final class ChannelOutputStream extends OutputStream {
  /** Most bytes one direct write stores, so one call with a huge array is not one huge commit. */
  private static final int MAX_DIRECT = UploadContent.BATCH_BYTES;

  private final Channel channel;
  private byte[] buffer = new byte[0];
  private int count;

  /** Where the buffered bytes go in the blob; valid while {@code count > 0}. */
  private long start;

  /** The blob's size when the buffer was started, for the bounds check of each write. */
  private long size;

  private boolean closed;

  ChannelOutputStream(Channel channel) {
    this.channel = channel;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new ClosedChannelException();
    }
    if (count == 0) {
      start = channel.position();
      size = channel.size();
    }
    long at = start + count;
    if (len > size - at) {
      throw new InvalidArgumentException(
          "write of "
              + len
              + " bytes at offset "
              + at
              + " would pass the end of blob "
              + channel.blobId()
              + " (size "
              + size
              + "); nothing of it was written");
    }
    int chunk = channel.chunkSize();
    while (len > 0) {
      long pos = start + count;
      int room = (int) (chunk - pos % chunk);
      if (count == 0 && len >= room && pos % chunk == 0) {
        int n = (int) Math.min(len, Math.max(chunk, (long) MAX_DIRECT / chunk * chunk));
        n -= n % chunk;
        channel.position(pos);
        channel.write(ByteBuffer.wrap(b, off, n));
        start = pos + n;
        off += n;
        len -= n;
        continue;
      }
      int n = Math.min(len, room);
      if (buffer.length < count + n) {
        buffer = java.util.Arrays.copyOf(buffer, Math.max(count + n, chunk));
      }
      System.arraycopy(b, off, buffer, count, n);
      count += n;
      off += n;
      len -= n;
      if (n == room) {
        flush();
      }
    }
  }

  /** Writes the buffered bytes through the channel: one in-place write, durable on return. */
  @Override
  public void flush() throws IOException {
    if (count == 0) {
      return;
    }
    channel.position(start);
    channel.write(ByteBuffer.wrap(buffer, 0, count));
    start += count;
    count = 0;
  }

  /** Flushes, then closes the channel. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flush();
    } finally {
      channel.close();
    }
  }
}
