package dev.blobkeep.bench;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code <server>-large-put} and {@code <server>-large-get}: one large blob between a file and a
 * database server, by blobkeep (chunks in a schema or database of its own) and by the server's
 * plain-row alternative (the whole blob as one value, in with {@code setBinaryStream}, out with
 * {@code getBinaryStream}). A subclass says how large the blob can be there, how blobkeep's get
 * writes the file, and how the report describes the blob and the row.
 */
abstract class ServerLarge extends Workload {
  private final Server server;
  private final Content content;
  private final Path dir;
  private final long configured;
  private final boolean put;
  private long size;
  private Path source;
  private BlobStore store;
  private ServerRows rows;
  private BlobInfo stored;

  ServerLarge(Server server, Content content, Path dir, long size, boolean put) {
    super(server.name() + (put ? "-large-put" : "-large-get"), "MB/s");
    this.server = server;
    this.content = content;
    this.dir = dir;
    this.configured = size;
    this.put = put;
  }

  /** The blob's size on this server, given the configured one. */
  abstract long size(long configured) throws Exception;

  /** Writes the blob {@code ref} to the file {@code target}, as blobkeep's get does here. */
  abstract void get(BlobStore store, BlobRef ref, Path target) throws Exception;

  /** What moves, for the report: its size, {@code direction} and any bound on the size. */
  abstract String amount(long size, long configured, String direction);

  /** The alternative's value and table, for the report. */
  abstract String value();

  @Override
  final void setUp() throws Exception {
    server.dropAll().run();
    size = size(configured);
    source = dir.resolve(name() + ".bin");
    content.writeFile(source, size);
    store = server.store().get();
    rows = server.rows().open();
    if (!put) {
      stored = store.put(source, PutOptions.defaults());
      try (InputStream in = Files.newInputStream(source)) {
        rows.insert(0, in, size);
      }
    }
  }

  @Override
  final List<Contender> contenders() {
    if (put) {
      return List.of(
          new Contender(Contender.OURS, round -> storePut()),
          new Contender(server.alternative(), round -> rowPut()));
    }
    return List.of(
        new Contender(
            Contender.OURS, round -> intoFile(target -> get(store, stored.ref(), target))),
        new Contender(server.alternative(), round -> intoFile(this::rowGet)));
  }

  private double storePut() throws Exception {
    Settle.primeMemory(dir, size);
    long t0 = System.nanoTime();
    BlobInfo info = store.put(source, PutOptions.defaults());
    double rate = megabytesPerSecond(info.size(), t0);
    store.delete(info.ref());
    return rate;
  }

  private double rowPut() throws Exception {
    try (InputStream in = Files.newInputStream(source)) {
      Settle.primeMemory(dir, size);
      long t0 = System.nanoTime();
      rows.insert(0, in, size);
      double rate = megabytesPerSecond(size, t0);
      rows.truncate();
      return rate;
    }
  }

  private void rowGet(Path target) throws Exception {
    try (OutputStream out = Files.newOutputStream(target)) {
      rows.read(0, out);
    }
  }

  private interface Reader {
    void read(Path target) throws Exception;
  }

  /** Times {@code reader} writing the blob to a scratch file, opening it included. */
  private double intoFile(Reader reader) throws Exception {
    Path target = dir.resolve(name() + ".out");
    try {
      Settle.primeMemory(dir, size);
      long t0 = System.nanoTime();
      reader.read(target);
      return megabytesPerSecond(Files.size(target), t0);
    } finally {
      Scratch.delete(target);
    }
  }

  private double megabytesPerSecond(long bytes, long t0) {
    if (bytes != size) {
      throw new IllegalStateException(name() + " moved " + bytes + " bytes, expected " + size);
    }
    return bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
  }

  @Override
  final String settings() {
    String direction =
        put ? "from a file into the server" : "from the server into a file (not forced)";
    return amount(size, configured, direction)
        + "; blobkeep: default options (chunk 256 KiB) in "
        + server.storePlace()
        + "; "
        + server.alternative()
        + ": "
        + value()
        + ", "
        + (put ? "setBinaryStream" : "getBinaryStream");
  }

  @Override
  public final void close() throws Exception {
    try (BlobStore s = store;
        ServerRows r = rows) {
      // both closed, then the scratch file and the tables removed
    }
    if (source != null) {
      Scratch.delete(source);
    }
    server.dropAll().run();
  }
}
