package dev.blobkeep.bench;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code large-put} and {@code large-get}: one large blob streamed between a file and the store,
 * against {@code file-copy}, a sequential FileChannel copy of the same file (the device's limit on
 * this machine). A put is durable on return (blobkeep's default {@code synchronous=FULL}), so that
 * copy ends with {@code force(true)}; a get writes a file without forcing it, and so does that
 * copy. Each side starts right after {@link Settle#primeMemory} has used as much memory as the
 * transfer will fill.
 */
final class LargeTransfer extends Workload {
  private final LargeData data;
  private final Path dir;
  private final boolean put;

  LargeTransfer(LargeData data, Path dir, boolean put) {
    super(put ? "large-put" : "large-get", "MB/s");
    this.data = data;
    this.dir = dir;
    this.put = put;
  }

  @Override
  void setUp() throws Exception {
    data.file();
    if (!put) {
      data.store();
    }
  }

  @Override
  List<Contender> contenders() {
    return List.of(
        new Contender(Contender.OURS, put ? round -> put() : round -> get()),
        new Contender("file-copy", round -> copy()));
  }

  private double put() throws Exception {
    Path db = dir.resolve("large-put.db");
    Scratch.deleteDatabase(db);
    try (BlobStore store = BlobStore.open(db.toString(), StoreOptions.defaults())) {
      Settle.primeMemory(dir, data.size());
      long t0 = System.nanoTime();
      BlobInfo info = store.put(data.file(), PutOptions.defaults());
      double mbps = info.size() / 1e6 / ((System.nanoTime() - t0) / 1e9);
      check(info.size());
      return mbps;
    } finally {
      Scratch.deleteDatabase(db);
    }
  }

  private double get() throws Exception {
    Path target = dir.resolve("large-get.out");
    try {
      Settle.primeMemory(dir, data.size());
      long t0 = System.nanoTime();
      BlobInfo info = data.store().get(data.blob().ref(), target);
      double mbps = info.size() / 1e6 / ((System.nanoTime() - t0) / 1e9);
      check(java.nio.file.Files.size(target));
      return mbps;
    } finally {
      Scratch.delete(target);
    }
  }

  private double copy() throws Exception {
    Path target = dir.resolve(name() + ".copy");
    try {
      Settle.primeMemory(dir, data.size());
      long t0 = System.nanoTime();
      long n = LargeData.copy(data.file(), target, put);
      double mbps = n / 1e6 / ((System.nanoTime() - t0) / 1e9);
      check(n);
      return mbps;
    } finally {
      Scratch.delete(target);
    }
  }

  private void check(long n) {
    if (n != data.size()) {
      throw new IllegalStateException(name() + " moved " + n + " bytes, expected " + data.size());
    }
  }

  @Override
  String settings() {
    return String.format(
            Locale.ROOT,
            "%d MiB of random bytes between a file and the store, default options (chunk 256 KiB,"
                + " synchronous=FULL); file-copy: FileChannel read/write, 1 MiB direct buffer",
            data.size() >> 20)
        + (put
            ? ", then force(true); blobkeep: put(Path) into a new store"
            : ", no force; blobkeep: get(ref, Path), which does not force either");
  }
}
