package dev.blobkeep.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random bytes for the workloads, made cheaply so that making them costs every contender the same
 * little: blob {@code k} of the small-blob set is a slice of a 16 MiB pool of random bytes at a
 * random offset, 8,000 to 12,000 bytes long (SQLite's "35% faster than the filesystem" sizes).
 * Random bytes do not compress, so no side gains from compression. Thread-safe after construction.
 */
final class Content {
  static final int MIN_SMALL = 8_000;
  static final int MAX_SMALL = 12_000;
  private static final int POOL = 16 * 1024 * 1024;

  private final byte[] pool = new byte[POOL];
  private final int[] offsets;
  private final int[] sizes;

  /** The pool and the offsets and sizes of {@code count} small blobs, from a fixed seed. */
  Content(int count) {
    SplittableRandom random = new SplittableRandom(20170605);
    for (int i = 0; i < POOL; i += 8) {
      long v = random.nextLong();
      for (int b = 0; b < 8; b++) {
        pool[i + b] = (byte) (v >>> (8 * b));
      }
    }
    offsets = new int[count];
    sizes = new int[count];
    for (int k = 0; k < count; k++) {
      sizes[k] = random.nextInt(MIN_SMALL, MAX_SMALL + 1);
      offsets[k] = random.nextInt(POOL - sizes[k]);
    }
  }

  int count() {
    return sizes.length;
  }

  /** A new array holding small blob {@code k}. */
  byte[] small(int k) {
    return Arrays.copyOfRange(pool, offsets[k], offsets[k] + sizes[k]);
  }

  long smallBytes() {
    long total = 0;
    for (int s : sizes) {
      total += s;
    }
    return total;
  }

  /** {@code n} distinct indexes in a random order: a permutation of the set, repeated if longer. */
  int[] randomOrder(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i % count();
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Writes {@code size} random bytes to {@code file} (the large blob's source) and syncs it. */
  void writeFile(Path file, long size) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      long done = 0;
      int step = 1 << 20;
      SplittableRandom random = new SplittableRandom(size);
      while (done < size) {
        int n = (int) Math.min(step, size - done);
        ch.write(ByteBuffer.wrap(pool, random.nextInt(POOL - n), n));
        done += n;
      }
      ch.force(true);
    }
  }

  /** Writes {@code size} random bytes to {@code out} in pool slices. */
  void write(OutputStream out, long size) throws IOException {
    long done = 0;
    SplittableRandom random = new SplittableRandom(size);
    while (done < size) {
      int n = (int) Math.min(1 << 20, size - done);
      out.write(pool, random.nextInt(POOL - n), n);
      done += n;
    }
  }
}
