package dev.blobkeep.bench;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.OpenMode;
import dev.blobkeep.Whence;
import java.io.RandomAccessFile;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code random-read} and {@code random-write}: 4 KiB at random 4 KiB-aligned offsets of the large
 * blob through a {@link BlobChannel} (seek, then {@code readInto} or {@code write}), against {@code
 * random-access-file} doing the same on the large file. Each contender works for a fixed time per
 * round and reports operations per second. Writes are durable on return on both sides: blobkeep's
 * default {@code synchronous=FULL}, and a {@code RandomAccessFile} opened {@code "rwd"}.
 */
final class RandomAccess extends Workload {
  static final int IO_SIZE = 4096;

  private final LargeData data;
  private final boolean write;
  private final long millis;

  RandomAccess(LargeData data, boolean write, long millis) {
    super(write ? "random-write" : "random-read", "ops/s");
    this.data = data;
    this.write = write;
    this.millis = millis;
  }

  @Override
  void setUp() throws Exception {
    data.store();
  }

  @Override
  List<Contender> contenders() {
    return List.of(
        new Contender(Contender.OURS, this::ours), new Contender("random-access-file", this::file));
  }

  private interface Io {
    void at(long offset, byte[] buf) throws Exception;
  }

  private double loop(int round, Io io) throws Exception {
    long slots = data.size() / IO_SIZE;
    SplittableRandom random = new SplittableRandom(3000L + round);
    byte[] buf = new byte[IO_SIZE];
    random.nextBytes(buf);
    long budget = (round < 0 ? Math.min(300, millis) : millis) * 1_000_000L;
    long t0 = System.nanoTime();
    long ops = 0;
    long elapsed;
    do {
      io.at(random.nextLong(slots) * IO_SIZE, buf);
      ops++;
      elapsed = System.nanoTime() - t0;
    } while (elapsed < budget);
    return ops / (elapsed / 1e9);
  }

  private double ours(int round) throws Exception {
    OpenMode mode = write ? OpenMode.READ_WRITE : OpenMode.READ;
    try (BlobChannel ch = data.store().open(data.randomBlob().ref(), mode)) {
      return loop(
          round,
          (offset, buf) -> {
            if (write) {
              ch.seek(offset, Whence.START);
              ch.write(buf);
            } else {
              ch.readInto(offset, buf, 0, buf.length); // positional: no separate seek
            }
          });
    }
  }

  private double file(int round) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(data.file().toFile(), write ? "rwd" : "r")) {
      return loop(
          round,
          (offset, buf) -> {
            f.seek(offset);
            if (write) {
              f.write(buf);
            } else {
              f.readFully(buf);
            }
          });
    }
  }

  @Override
  String settings() {
    return String.format(
        Locale.ROOT,
        "4 KiB at random 4 KiB-aligned offsets of a %d MiB blob/file for %d ms per contender per"
            + " round; blobkeep: one BlobChannel, %s, chunk %d KiB (PutOptions.chunkSize)%s;"
            + " random-access-file: RandomAccessFile(\"%s\") seek + %s",
        data.size() >> 20,
        millis,
        write ? "seek + write" : "readInto(position, ...)",
        LargeData.RANDOM_CHUNK >> 10,
        write ? ", synchronous=FULL: each write durable" : "",
        write ? "rwd" : "r",
        write ? "write (O_DSYNC: each write durable)" : "readFully");
  }

  @Override
  boolean warmUp() {
    return true;
  }
}
