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
 * {@link BlobChannel} over the chunk store. Every call reads the blob's row first (a read takes it
 * with the chunk it needs, in one statement), so a blob that was deleted or replaced is noticed at
 * the next call. Argument errors (a position outside the blob, a write past the end) throw {@link
 * InvalidArgumentException}; a vanished blob or a store failure throws {@link IOException} with the
 * {@link BlobkeepException} as cause.
 */
final class Channel implements BlobChannel {
  /** Most bytes one read call returns, so a huge buffer does not mean a huge transaction. */
  private static final int MAX_READ = 16 * 1024 * 1024;

  private static final int READ_ATTEMPTS = 5;

  private final Session session;
  private final OpenMode mode;

  /** The entity tag the next write or resize requires, or null if they are not guarded. */
  private String ifMatch;

  private String id;
  private int chunkSize;
  private ChunkReader reader;
  private long position;
  private boolean closed;

  /**
   * The last chunk read, served again without fetching while the blob's version is unchanged (every
   * change of content bumps it), so small sequential reads cost one tiny query.
   */
  private ChunkReader.Chunk cached;

  Channel(Session session, BlobRow row, OpenMode mode, String ifMatch) {
    this.session = session;
    this.mode = mode;
    this.ifMatch = ifMatch;
    moveTo(row);
  }

  private void moveTo(BlobRow row) {
    this.id = row.id();
    this.chunkSize = row.chunkSize();
    this.reader = new ChunkReader(session, row);
    this.cached = null;
    this.position = 0;
  }

  /** Thrown inside a read when the blob was written in place between two of its chunks. */
  private static final class Changed extends Exception {
    private static final long serialVersionUID = 1L;

    Changed() {
      super(null, null, false, false);
    }
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
      int n = readAt(position, dst.array(), dst.arrayOffset() + dst.position(), want, false);
      if (n > 0) {
        dst.position(dst.position() + n);
        position += n;
      }
      return n;
    }
    byte[] buf = new byte[want];
    int n = readAt(position, buf, 0, want, false);
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
    long remaining = Math.max(0, state().size() - position);
    byte[] buf = new byte[(int) Math.min(Math.min(max, remaining), MAX_READ)];
    int n = readAt(position, buf, 0, buf.length, false);
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
      state(); // nothing to read, but a vanished blob is still reported
      return;
    }
    int done = 0;
    while (done < len) {
      // the first read fails, reading nothing, unless all len bytes are there in its version
      int n = readAt(at + done, buf, off + done, len - done, done == 0);
      if (n <= 0) {
        throw new EOFException("blob " + id + " shrank while readInto was reading");
      }
      done += n;
    }
  }

  /**
   * Reads up to {@code len} bytes at {@code at}, all from one version of the blob; returns -1 at
   * the end (0 if {@code len} is 0). The position is the caller's to move.
   *
   * @param exact fail with {@link EOFException}, reading nothing, if fewer than {@code len} bytes
   *     follow {@code at}
   */
  private int readAt(long at, byte[] buf, int off, int len, boolean exact) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return readOnce(at, buf, off, len, exact);
      } catch (Changed e) {
        cached = null;
        if (attempt >= READ_ATTEMPTS) {
          throw new IOException(
              "blob " + id + " was written in place " + attempt + " times while being read",
              new BlobExpiredException("blob " + id + " kept changing while being read"));
        }
      } catch (BlobkeepException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
  }

  private int readOnce(long at, byte[] buf, int off, int len, boolean exact)
      throws Changed, EOFException {
    ChunkReader.Chunk first = chunk(at / chunkSize, true);
    long size = first.size();
    if (exact && len > size - at) {
      throw new EOFException(
          "readInto wants "
              + len
              + " bytes at position "
              + at
              + " of blob "
              + id
              + " but only "
              + Math.max(0, size - at)
              + " remain (size "
              + size
              + ")");
    }
    if (at >= size || len == 0) {
      return len == 0 ? 0 : -1;
    }
    int n = (int) Math.min(len, size - at);
    int done = 0;
    while (done < n) {
      long pos = at + done;
      long idx = pos / chunkSize;
      ChunkReader.Chunk c = idx == first.index() ? first : chunk(idx, false);
      if (c.version() != first.version()) {
        throw new Changed();
      }
      int within = (int) (pos - idx * chunkSize);
      int k = Math.min(n - done, c.span() - within);
      int stored = Math.max(0, Math.min(k, c.data().length - within));
      if (stored > 0) {
        System.arraycopy(c.data(), within, buf, off + done, stored);
      }
      java.util.Arrays.fill(buf, off + done + stored, off + done + k, (byte) 0);
      done += k;
    }
    return n;
  }

  /** Chunk {@code idx}: the cached one if the blob is unchanged since, else read now. */
  private ChunkReader.Chunk chunk(long idx, boolean mayUseCache) {
    String purpose = "a channel was open on it";
    if (mayUseCache && cached != null && cached.index() == idx) {
      ChunkReader.Chunk now = reader.peek(purpose);
      if (now.version() == cached.version()) {
        return cached;
      }
    }
    cached = reader.read(idx, purpose);
    return cached;
  }

  /** Writes {@code src} in place, one chunk's worth of memory at a time (never a whole copy). */
  @Override
  public synchronized int write(ByteBuffer src) throws IOException {
    checkOpen();
    checkWritable();
    int len = src.remaining();
    cached = null;
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
    long size = state().size();
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
    return state().size();
  }

  @Override
  public synchronized BlobChannel truncate(long size) throws IOException {
    checkOpen();
    checkWritable();
    if (size < 0) {
      throw new InvalidArgumentException("truncate to negative size " + size);
    }
    if (size < state().size()) {
      resize(size);
    }
    position = Math.min(position, size);
    return this;
  }

  @Override
  public synchronized void resize(long newSize) throws IOException {
    checkOpen();
    checkWritable();
    cached = null;
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
    return chunkSize;
  }

  @Override
  public synchronized boolean isOpen() {
    return !closed;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  /** The blob's state now; fails if it was deleted or replaced. */
  private ChunkReader.Chunk state() throws IOException {
    try {
      return reader.peek("a channel was open on it");
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
