package dev.blobkeep.internal;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.OpenMode;
import dev.blobkeep.Whence;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;

/**
 * {@link BlobChannel} over the chunk store. Every call reads the blob's row first (a read takes it
 * with the chunk it needs, in one statement), so a blob that was deleted or replaced is noticed at
 * the next call. Argument errors (a position outside the blob, a write past the end) throw {@link
 * InvalidArgumentException}; a vanished blob or a store failure throws {@link IOException} with the
 * {@link BlobkeepException} as cause. This class keeps the position, the mode and the write side;
 * bytes are read through a {@link RangeReader}, each range from one version of the blob.
 */
final class Channel implements BlobChannel {
  /** Most bytes one read call returns, so a huge buffer does not mean a huge transaction. */
  private static final int MAX_READ = 16 * 1024 * 1024;

  private final Session session;
  private final OpenMode mode;

  /** The entity tag the next write or resize requires, or null if they are not guarded. */
  private String ifMatch;

  private String id;
  private RangeReader reads;
  private long position;
  private boolean closed;

  Channel(Session session, BlobRow row, OpenMode mode, String ifMatch) {
    this.session = session;
    this.mode = mode;
    this.ifMatch = ifMatch;
    moveTo(row);
  }

  private void moveTo(BlobRow row) {
    this.id = row.id();
    this.reads = new RangeReader(session, row);
    this.position = 0;
  }

  @Override
  public synchronized String blobId() {
    return id;
  }

  @Override
  public OpenMode mode() {
    return mode;
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws IOException {
    checkOpen();
    int want = Math.min(dst.remaining(), MAX_READ);
    if (dst.hasArray()) {
      int n = reads.read(position, dst.array(), dst.arrayOffset() + dst.position(), want, false);
      if (n > 0) {
        dst.position(dst.position() + n);
        position += n;
      }
      return n;
    }
    byte[] buf = new byte[want];
    int n = reads.read(position, buf, 0, want, false);
    if (n > 0) {
      dst.put(buf, 0, n);
      position += n;
    }
    return n;
  }

  @Override
  public synchronized byte[] read(int max) throws IOException {
    if (max < 0) {
      throw new InvalidArgumentException("max < 0: " + max);
    }
    checkOpen();
    long remaining = Math.max(0, reads.size() - position);
    byte[] buf = new byte[(int) Math.min(Math.min(max, remaining), MAX_READ)];
    int n = reads.read(position, buf, 0, buf.length, false);
    if (n > 0) {
      position += n;
    }
    return n <= 0 ? new byte[0] : (n == buf.length ? buf : java.util.Arrays.copyOf(buf, n));
  }

  @Override
  public synchronized void readInto(byte[] buf, int off, int len) throws IOException {
    readFully(position, buf, off, len);
    position += len;
  }

  @Override
  public synchronized void readInto(long at, byte[] buf, int off, int len) throws IOException {
    if (at < 0) {
      throw new InvalidArgumentException("position < 0: " + at);
    }
    readFully(at, buf, off, len);
  }

  /** Reads exactly {@code len} bytes at {@code at}, or throws having read nothing. */
  private void readFully(long at, byte[] buf, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, buf.length);
    checkOpen();
    if (len == 0) {
      reads.size(); // nothing to read, but a vanished blob is still reported
      return;
    }
    int done = 0;
    while (done < len) {
      // the first read fails, reading nothing, unless all len bytes are there in its version
      int n = reads.read(at + done, buf, off + done, len - done, done == 0);
      if (n <= 0) {
        throw new EOFException("blob " + id + " shrank while readInto was reading");
      }
      done += n;
    }
  }

  /** Writes {@code src} in place, one chunk's worth of memory at a time (never a whole copy). */
  @Override
  public synchronized int write(ByteBuffer src) throws IOException {
    checkOpen();
    checkWritable();
    int len = src.remaining();
    reads.forget();
    try {
      BlobRow after = InPlace.write(session, id, position, src, ifMatch);
      if (ifMatch != null) {
        ifMatch = after.info().etag();
      }
    } catch (InvalidArgumentException e) {
      throw e;
    } catch (BlobkeepException e) {
      throw new IOException(e.getMessage(), e);
    }
    src.position(src.position() + len);
    position += len;
    return len;
  }

  @Override
  public synchronized void write(byte[] bytes) throws IOException {
    write(ByteBuffer.wrap(bytes));
  }

  @Override
  public synchronized long position() throws IOException {
    checkOpen();
    return position;
  }

  @Override
  public synchronized BlobChannel position(long newPosition) throws IOException {
    seek(newPosition, Whence.START);
    return this;
  }

  @Override
  public synchronized long seek(long offset, Whence whence) throws IOException {
    checkOpen();
    long size = reads.size();
    long target = target(offset, whence, size);
    if (target < 0 || target > size) {
      throw new InvalidArgumentException(
          "seek to offset "
              + offset
              + " from "
              + whence
              + " lands outside blob "
              + id
              + " (size "
              + size
              + ", position "
              + position
              + ")");
    }
    position = target;
    return position;
  }

  /** Where a seek lands if the blob is {@code size} bytes; -1 if that overflows. */
  private long target(long offset, Whence whence, long size) {
    long base =
        switch (whence) {
          case START -> 0;
          case CURRENT -> position;
          case END -> size;
        };
    try {
      return Math.addExact(base, offset);
    } catch (ArithmeticException e) {
      return -1;
    }
  }

  @Override
  public synchronized long tell() throws IOException {
    return position();
  }

  @Override
  public synchronized long size() throws IOException {
    checkOpen();
    return reads.size();
  }

  @Override
  public synchronized BlobChannel truncate(long size) throws IOException {
    checkOpen();
    checkWritable();
    if (size < 0) {
      throw new InvalidArgumentException("truncate to negative size " + size);
    }
    if (size < reads.size()) {
      resize(size);
    }
    position = Math.min(position, size);
    return this;
  }

  @Override
  public synchronized void resize(long newSize) throws IOException {
    checkOpen();
    checkWritable();
    reads.forget();
    try {
      BlobRow after = InPlace.resize(session, id, newSize, ifMatch);
      if (ifMatch != null) {
        ifMatch = after.info().etag();
      }
    } catch (InvalidArgumentException e) {
      throw e;
    } catch (BlobkeepException e) {
      throw new IOException(e.getMessage(), e);
    }
    position = Math.min(position, newSize);
  }

  @Override
  public synchronized void reopen(BlobRef ref) throws IOException {
    checkOpen();
    try {
      moveTo(session.read("opening blob " + ref.describe(), c -> Rows.live(c, session, ref)));
      ifMatch = null; // the entity tag named the blob this channel was on
    } catch (BlobkeepException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public InputStream asInputStream() {
    return Channels.newInputStream(this);
  }

  @Override
  public OutputStream asOutputStream() {
    return new ChannelOutputStream(this);
  }

  /** The chunk size of the blob the channel is on. */
  synchronized int chunkSize() {
    return reads.chunkSize();
  }

  @Override
  public synchronized boolean isOpen() {
    return !closed;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void checkOpen() throws ClosedChannelException {
    if (closed) {
      throw new ClosedChannelException();
    }
  }

  private void checkWritable() {
    if (mode != OpenMode.READ_WRITE) {
      throw new NonWritableChannelException();
    }
  }
}
