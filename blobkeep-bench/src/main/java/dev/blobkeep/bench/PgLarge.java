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
 * {@code pg-large-put} and {@code pg-large-get} on PostgreSQL: one large blob between a file and
 * the server, by blobkeep (chunks in its own schema) and by {@code pg-bytea-row} (the whole blob as
 * one {@code bytea} value, streamed in with {@code setBinaryStream} and out with {@code
 * getBinaryStream}).
 */
final class PgLarge extends Workload {
  private final Content content;
  private final String url;
  private final Path dir;
  private final long size;
  private final boolean put;
  private Path source;
  private BlobStore store;
  private ServerRows rows;
  private BlobInfo stored;

  PgLarge(Content content, String url, Path dir, long size, boolean put) {
    super(put ? "pg-large-put" : "pg-large-get", "MB/s");
    this.content = content;
    this.url = url;
    this.dir = dir;
    this.size = size;
    this.put = put;
  }

  @Override
  void setUp() throws Exception {
    Pg.dropAll(url);
    source = dir.resolve(name() + ".bin");
    content.writeFile(source, size);
    store = BlobStore.open(url, Pg.options());
    rows = Pg.byteaRows(url);
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
          new Contender(Contender.OURS, round -> oursPut()),
          new Contender("pg-bytea-row", round -> byteaPut()));
    }
    return List.of(
        new Contender(Contender.OURS, round -> oursGet()),
        new Contender("pg-bytea-row", round -> byteaGet()));
  }

  private double oursPut() {
    long t0 = System.nanoTime();
    BlobInfo info = store.put(source, PutOptions.defaults());
    double mbps = rate(info.size(), t0);
    store.delete(info.ref());
    return mbps;
  }

  private double byteaPut() throws Exception {
    try (InputStream in = Files.newInputStream(source)) {
      long t0 = System.nanoTime();
      rows.insert(0, in, size);
      double mbps = rate(size, t0);
      rows.truncate();
      return mbps;
    }
  }

  private double oursGet() throws Exception {
    Path target = dir.resolve(name() + ".out");
    try {
      long t0 = System.nanoTime();
      store.get(stored.ref(), target);
      return rate(Files.size(target), t0);
    } finally {
      Scratch.delete(target);
    }
  }

  private double byteaGet() throws Exception {
    Path target = dir.resolve(name() + ".out");
    try {
      long t0 = System.nanoTime();
      try (OutputStream out = Files.newOutputStream(target)) {
        rows.read(0, out);
      }
      return rate(Files.size(target), t0);
    } finally {
      Scratch.delete(target);
    }
  }

  private double rate(long bytes, long t0) {
    if (bytes != size) {
      throw new IllegalStateException(name() + " moved " + bytes + " bytes, expected " + size);
    }
    return bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
  }

  @Override
  String settings() {
    return String.format(
        Locale.ROOT,
        "%d MiB of random bytes %s; blobkeep: default options (chunk 256 KiB) in schema %s;"
            + " pg-bytea-row: one bytea value (STORAGE EXTERNAL) in table %s, %s",
        size >> 20,
        put ? "from a file into the server" : "from the server into a file (not forced)",
        Pg.SCHEMA,
        Pg.BYTEA_TABLE,
        put ? "setBinaryStream" : "getBinaryStream");
  }

  @Override
  public void close() throws Exception {
    if (store != null) {
      store.close();
    }
    if (rows != null) {
      rows.close();
    }
    if (source != null) {
      Scratch.delete(source);
    }
    Pg.dropAll(url);
  }
}
