package dev.blobkeep.bench;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code mariadb-large-put} and {@code mariadb-large-get} on MariaDB: one large blob between a file
 * and the server, by blobkeep (chunks in a database of its own) and by {@code mariadb-longblob-row}
 * (the whole blob as one {@code LONGBLOB} value, in with {@code setBinaryStream}, out with {@code
 * getBinaryStream}). One row must fit the server's {@code max_allowed_packet}, so the blob is the
 * configured large size or, if smaller, what that packet carries.
 */
final class MariaLarge extends Workload {
  /** Room in the packet for the statement around the value. */
  private static final long STATEMENT_ROOM = 1 << 20;

  private final Content content;
  private final Path dir;
  private final long configured;
  private final boolean put;
  private long size;
  private Path source;
  private BlobStore store;
  private ServerRows rows;
  private BlobInfo stored;

  MariaLarge(Content content, Path dir, long size, boolean put) {
    super(put ? "mariadb-large-put" : "mariadb-large-get", "MB/s");
    this.content = content;
    this.dir = dir;
    this.configured = size;
    this.put = put;
  }

  @Override
  void setUp() throws Exception {
    Maria.dropAll();
    // The client sends a value escaped (up to twice its size) in a text-protocol statement.
    size = Math.min(configured, (Maria.maxAllowedPacket() - STATEMENT_ROOM) / 2);
    source = dir.resolve(name() + ".bin");
    content.writeFile(source, size);
    store = BlobStore.open(Maria.url(Maria.STORE_DATABASE));
    rows = Maria.longblobRows();
    if (!put) {
      stored = store.put(source, PutOptions.defaults());
      try (InputStream in = Files.newInputStream(source)) {
        rows.insert(0, in, size);
      }
    }
  }

  @Override
  List<Contender> contenders() {
    if (put) {
      return List.of(
          new Contender(Contender.OURS, round -> storePut()),
          new Contender("mariadb-longblob-row", round -> rowPut()));
    }
    return List.of(
        new Contender(Contender.OURS, round -> storeGet()),
        new Contender("mariadb-longblob-row", round -> rowGet()));
  }

  private double storePut() {
    long t0 = System.nanoTime();
    BlobInfo info = store.put(source, PutOptions.defaults());
    double rate = megabytesPerSecond(info.size(), t0);
    store.delete(info.ref());
    return rate;
  }

  private double rowPut() throws Exception {
    try (InputStream in = Files.newInputStream(source)) {
      long t0 = System.nanoTime();
      rows.insert(0, in, size);
      double rate = megabytesPerSecond(size, t0);
      rows.truncate();
      return rate;
    }
  }

  private double storeGet() throws Exception {
    return intoFile(out -> store.get(stored.ref(), out));
  }

  private double rowGet() throws Exception {
    return intoFile(out -> rows.read(0, out));
  }

  private interface Reader {
    void read(OutputStream out) throws Exception;
  }

  private double intoFile(Reader reader) throws Exception {
    Path target = dir.resolve(name() + ".out");
    try {
      long t0 = System.nanoTime();
      try (OutputStream out = Files.newOutputStream(target)) {
        reader.read(out);
      }
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
  String settings() {
    return String.format(
        Locale.ROOT,
        "%.1f MiB of random bytes %s (configured %d MiB, bounded by max_allowed_packet);"
            + " blobkeep: default options (chunk 256 KiB) in database %s;"
            + " mariadb-longblob-row: one LONGBLOB value in %s.rows_table, %s",
        size / 1048576.0,
        put ? "from a file into the server" : "from the server into a file (not forced)",
        configured >> 20,
        Maria.STORE_DATABASE,
        Maria.ROWS_DATABASE,
        put ? "setBinaryStream" : "getBinaryStream");
  }

  @Override
  public void close() throws Exception {
    try (BlobStore s = store;
        ServerRows r = rows) {
      // both closed, then the scratch file and the databases removed
    }
    if (source != null) {
      Scratch.delete(source);
    }
    Maria.dropAll();
  }
}
