package dev.blobkeep.bench;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code pg-large-put} and {@code pg-large-get} on PostgreSQL, against {@code pg-bytea-row} (one
 * {@code bytea} value): the configured size, and blobkeep's get writes the file itself ({@code
 * get(ref, Path)}).
 */
final class PgLarge extends ServerLarge {
  PgLarge(Content content, String url, Path dir, long size, boolean put) {
    super(Pg.server(url), content, dir, size, put);
  }

  @Override
  long size(long configured) {
    return configured;
  }

  @Override
  void get(BlobStore store, BlobRef ref, Path target) {
    store.get(ref, target);
  }

  @Override
  String amount(long size, long configured, String direction) {
    return String.format(Locale.ROOT, "%d MiB of random bytes %s", size >> 20, direction);
  }

  @Override
  String value() {
    return "one bytea value (STORAGE EXTERNAL) in table " + Pg.BYTEA_TABLE;
  }
}
