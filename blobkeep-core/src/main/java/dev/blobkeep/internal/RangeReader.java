package dev.blobkeep.internal;

import dev.blobkeep.BlobExpiredException;
import dev.blobkeep.BlobkeepException;
import java.io.EOFException;
import java.io.IOException;

/**
 * The read side of a {@link Channel}: reads a range of one blob's bytes, all from one version of it
 * (a write in place between two of its chunks makes the range be read again, up to five times),
 * through a cache of the last chunk read. Positions are the caller's. Not thread-safe: the channel
 * calls it under its own lock.
 */
final class RangeReader {
  private static final int READ_ATTEMPTS = 5;
  private static final String PURPOSE = "a channel was open on it";

  private final String id;
  private final int chunkSize;
  private final ChunkReader reader;

  /**
   * The last chunk read, served again without fetching while the blob's version is unchanged (every
   * change of content bumps it), so small sequential reads cost one tiny query.
   */
  private ChunkReader.Chunk cached;

  RangeReader(Session session, BlobRow row) {
    this.id = row.id();
    this.chunkSize = row.chunkSize();
    this.reader = new ChunkReader(session, row);
  }

  /** Thrown inside a read when the blob was written in place between two of its chunks. */
  private static final class Changed extends Exception {
    private static final long serialVersionUID = 1L;

    Changed() {
      super(null, null, false, false);
    }
  }

  /** {@return the chunk size of the blob} */
  int chunkSize() {
    return chunkSize;
  }

  /** Drops the cached chunk: the channel is about to change the blob. */
  void forget() {
    cached = null;
  }

  /** The blob's size now; fails if it was deleted or replaced. */
  long size() throws IOException {
    try {
      return reader.peek(PURPOSE).size();
    } catch (BlobkeepException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * Reads up to {@code len} bytes at {@code at}, all from one version of the blob; returns -1 at
   * the end (0 if {@code len} is 0).
   *
   * @param exact fail with {@link EOFException}, reading nothing, if fewer than {@code len} bytes
   *     follow {@code at}
   */
  int read(long at, byte[] buf, int off, int len, boolean exact) throws IOException {
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
    if (mayUseCache && cached != null && cached.index() == idx) {
      ChunkReader.Chunk now = reader.peek(PURPOSE);
      if (now.version() == cached.version()) {
        return cached;
      }
    }
    cached = reader.read(idx, PURPOSE);
    return cached;
  }
}
