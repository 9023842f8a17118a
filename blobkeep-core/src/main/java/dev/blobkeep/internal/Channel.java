package dev.blobkeep.internal;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobExpiredException;
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
 * {@link BlobChannel} over the chunk store. Every call reads the blob's row first, so a blob that
 * was deleted or replaced is noticed at the next call. Argument errors (a position outside the
 * blob, a write past the end) throw {@link InvalidArgumentException}; a vanished blob or a store
 * failure throws {@link IOException} with the {@link BlobkeepException} as cause.
 */
final class Channel implements BlobChannel {
  /** Most bytes one read call returns, so a huge buffer does not mean a huge transaction. */
  private static final int MAX_READ = 16 * 1024 * 1024;

  private static final int READ_ATTEMPTS = 5;

  private final Session session;
  private final OpenMode mode;
  private String id;
  private long position;
  private boolean closed;

  Channel(Session session, String id, OpenMode mode) {
    this.session = session;
    this.id = id;
    this.mode = mode;
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
    byte[] buf = new byte[Math.max(0, (int) Math.min(want, Math.max(0, row().size() - position)))];
    int n = readAt(buf, 0, buf.length, want);
    if (n < 0) {
      return -1;
    }
    dst.put(buf, 0, n);
    return n;
  }

  @Override
  public synchronized byte[] read(int max) throws IOException {
    if (max < 0) {
      throw new InvalidArgumentException("max < 0: " + max);
    }
    checkOpen();
    long remaining = Math.max(0, row().size() - position);
    byte[] buf = new byte[(int) Math.min(Math.min(max, remaining), MAX_READ)];
    int n = readAt(buf, 0, buf.length, buf.length);
    return n <= 0 ? new byte[0] : (n == buf.length ? buf : java.util.Arrays.copyOf(buf, n));
  }

  @Override
  public synchronized void readInto(byte[] buf, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, buf.length);
    checkOpen();
    long size = row().size();
    if (len > size - position) {
      throw new EOFException(
          "readInto wants "
              + len
              + " bytes at position "
              + position
              + " of blob "
              + id
              + " but only "
              + Math.max(0, size - position)
              + " remain (size "
              + size
              + ")");
    }
    int done = 0;
    while (done < len) {
      int n = readAt(buf, off + done, len - done, len - done);
      if (n <= 0) {
        throw new EOFException("blob " + id + " shrank while readInto was reading");
      }
      done += n;
    }
  }

  /** Reads up to {@code len} bytes at the position; -1 if {@code wanted > 0} and at the end. */
  private int readAt(byte[] buf, int off, int len, int wanted) throws IOException {
    for (int attempt = 1; ; attempt++) {
      BlobRow row = row();
      if (position >= row.size()) {
        return wanted == 0 ? 0 : -1;
      }
      int n = (int) Math.min(len, row.size() - position);
      try (InputStream in = new BlobInputStream(session, row, position, n)) {
        int done = 0;
        while (done < n) {
          done += in.read(buf, off + done, n - done);
        }
        position += n;
        return n;
      } catch (IOException e) {
        if (e.getCause() instanceof BlobExpiredException && attempt < READ_ATTEMPTS) {
          continue; // written in place meanwhile: read again from the new version
        }
        throw e;
      }
    }
  }

  @Override
  public synchronized int write(ByteBuffer src) throws IOException {
    checkOpen();
    checkWritable();
    int len = src.remaining();
    byte[] bytes = new byte[len];
    src.duplicate().get(bytes);
    writeAt(bytes);
    src.position(src.position() + len);
    return len;
  }

  @Override
  public synchronized void write(byte[] bytes) throws IOException {
    checkOpen();
    checkWritable();
    writeAt(bytes);
  }

  private void writeAt(byte[] bytes) throws IOException {
    try {
      InPlace.write(session, id, position, bytes, 0, bytes.length);
    } catch (InvalidArgumentException e) {
      throw e;
    } catch (BlobkeepException e) {
      throw new IOException(e.getMessage(), e);
    }
    position += bytes.length;
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
    long size = row().size();
    long base =
        switch (whence) {
          case START -> 0;
          case CURRENT -> position;
          case END -> size;
        };
    long target;
    try {
      target = Math.addExact(base, offset);
    } catch (ArithmeticException e) {
      target = -1;
    }
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

  @Override
  public synchronized long tell() throws IOException {
    return position();
  }

  @Override
  public synchronized long size() throws IOException {
    checkOpen();
    return row().size();
  }

  @Override
  public synchronized BlobChannel truncate(long size) throws IOException {
    checkOpen();
    checkWritable();
    if (size < 0) {
      throw new InvalidArgumentException("truncate to negative size " + size);
    }
    if (size < row().size()) {
      resize(size);
    }
    position = Math.min(position, size);
    return this;
  }

  @Override
  public synchronized void resize(long newSize) throws IOException {
    checkOpen();
    checkWritable();
    try {
      InPlace.resize(session, id, newSize);
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
      id = session.read("opening blob " + ref.describe(), c -> Rows.live(c, session, ref)).id();
    } catch (BlobkeepException e) {
      throw new IOException(e.getMessage(), e);
    }
    position = 0;
  }

  @Override
  public InputStream asInputStream() {
    return Channels.newInputStream(this);
  }

  @Override
  public OutputStream asOutputStream() {
    return Channels.newOutputStream(this);
  }

  @Override
  public synchronized boolean isOpen() {
    return !closed;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private BlobRow row() throws IOException {
    try {
      return session.read(
          "reading blob " + id,
          c -> {
            BlobRow row = Rows.byId(c, session, id);
            if (row == null || !row.live()) {
              throw new BlobExpiredException(
                  "blob "
                      + id
                      + " "
                      + Rows.goneReason(row == null ? null : row.state())
                      + " while a channel was open on it");
            }
            return row;
          });
    } catch (BlobkeepException e) {
      throw new IOException(e.getMessage(), e);
    }
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
