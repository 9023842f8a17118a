package dev.blobkeep.internal;

import dev.blobkeep.BlobkeepException;
import dev.blobkeep.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An upload's content, read from its stream as chunks a batch at a time. Every chunk read goes into
 * the SHA-256 (unless the upload skips it) and is marked in the upload's chunk map; only the chunks
 * that are not all zeros are kept in the batch to be stored.
 */
final class UploadContent {
  /** Bytes staged per transaction: large enough to amortize a commit, small enough not to block. */
  static final int BATCH_BYTES = 4 * 1024 * 1024;

  /** Smallest first read buffer, for streams that do not know how much they hold. */
  private static final int MIN_BUFFER = 8 * 1024;

  private final InputStream in;
  private final MessageDigest sha;
  private final String id;
  private final int chunkSize;

  /** Which chunks read so far are stored (all-zero ones are not). */
  private final ChunkMap map;

  /** Whether a whole chunk was read: later ones then get a whole chunk's buffer at once. */
  private boolean filledOne;

  /**
   * The chunk read after a full batch to learn whether the content goes on, not yet digested or
   * mapped: the next {@link #fill} starts with it. Null when there is none.
   */
  private byte[] ahead;

  /**
   * Whole-chunk arrays no longer needed (a committed batch's, an all-zero chunk's), read into
   * again: a large upload then allocates a batch's worth of arrays, not one per chunk (the JVM
   * zeroes a fresh array first: 1,016 of a 1 GiB put's 11,288 samples in a wall-clock profile).
   */
  private final ArrayDeque<byte[]> spare = new ArrayDeque<>();

  /**
   * A reader of upload {@code id}'s content.
   *
   * @param in the content, not closed here
   * @param sha the digest every byte read goes into, or null for none
   * @param id the upload's blob id, for messages
   * @param map the upload's chunk map, appended to as chunks are read
   */
  UploadContent(InputStream in, MessageDigest sha, String id, int chunkSize, ChunkMap map) {
    this.in = in;
    this.sha = sha;
    this.id = id;
    this.chunkSize = chunkSize;
    this.map = map;
  }

  /** Up to {@link #BATCH_BYTES} of content, as the chunks that are not all zeros. */
  static final class Batch {
    final List<byte[]> chunks = new ArrayList<>();
    final List<Long> indexes = new ArrayList<>();

    /** Content bytes up to the end of this batch. */
    long size;
  }

  /**
   * Reads chunks into {@code batch} until it is full or the stream ends. When the batch is full,
   * one more chunk is read ahead (and kept for the next batch), so that the last batch is known as
   * the last: the upload then writes it in the transaction that publishes it.
   *
   * @param offset content bytes before this batch
   * @return true if more content follows
   */
  boolean fill(Batch batch, long offset) {
    batch.size = offset;
    int bytes = 0;
    while (true) {
      if (bytes >= BATCH_BYTES) {
        ahead = nextChunk(batch.size);
        return ahead.length > 0;
      }
      byte[] buf = ahead != null ? ahead : nextChunk(batch.size);
      ahead = null;
      int n = buf.length;
      if (n == 0) {
        return false;
      }
      if (sha != null) {
        sha.update(buf, 0, n);
      }
      boolean stored = !Chunks.allZero(buf, 0, n);
      if (stored) {
        batch.chunks.add(buf);
        batch.indexes.add(batch.size / chunkSize);
      } else {
        reuse(buf);
      }
      map.append(stored);
      batch.size += n;
      bytes += n;
      if (batch.size < 0) {
        throw new BlobkeepException("upload " + id + " exceeds 2^63 - 1 bytes");
      }
      if (n < chunkSize) {
        return false;
      }
    }
  }

  /**
   * Takes back the chunk arrays of {@code batch} to read later chunks into: the caller's promise
   * that the database holds those chunks (a committed transaction of the store's own) and that
   * nothing reads the arrays again.
   */
  void recycle(Batch batch) {
    batch.chunks.forEach(this::reuse);
  }

  private void reuse(byte[] chunk) {
    if (chunk.length == chunkSize) {
      spare.push(chunk);
    }
  }

  /**
   * The next chunk of content: an array of exactly the bytes read, {@code chunkSize} long unless
   * the stream ended. Until a whole chunk was read, the buffer is sized from {@link
   * InputStream#available()} (exact for arrays and files) and grown as needed, so 10 KB of content
   * does not cost a whole chunk's allocation and a copy; after that, into a spare array when there
   * is one ({@link #recycle}).
   */
  private byte[] nextChunk(long offset) {
    int n = 0;
    try {
      int guess = filledOne ? chunkSize : Math.max(MIN_BUFFER, in.available());
      byte[] buf =
          filledOne && !spare.isEmpty() ? spare.pop() : new byte[Math.min(chunkSize, guess)];
      while (true) {
        if (n == buf.length) {
          if (n == chunkSize) {
            filledOne = true;
            return buf;
          }
          int b = in.read();
          if (b < 0) {
            return buf;
          }
          buf = Arrays.copyOf(buf, (int) Math.min(chunkSize, 4L * buf.length));
          buf[n++] = (byte) b;
        }
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          return n == buf.length ? buf : Arrays.copyOf(buf, n);
        }
        n += r;
      }
    } catch (IOException e) {
      throw new StoreException(
          "reading the content for upload "
              + id
              + " failed at byte "
              + (offset + n)
              + ": "
              + e.getMessage()
              + "; nothing was stored",
          e);
    }
  }
}
