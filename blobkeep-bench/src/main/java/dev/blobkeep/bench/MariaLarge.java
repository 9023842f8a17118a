package dev.blobkeep.bench;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code mariadb-large-put} and {@code mariadb-large-get} on MariaDB, against {@code
 * mariadb-longblob-row} (one {@code LONGBLOB} value). One row must fit the server's {@code
 * max_allowed_packet}, so the blob is the configured large size or, if smaller, what that packet
 * carries; blobkeep's get writes to a stream the workload opens on the file, as the row's does.
 */
final class MariaLarge extends ServerLarge {
  /** Room in the packet for the statement around the value. */
  private static final long STATEMENT_ROOM = 1 << 20;

  MariaLarge(Content content, Path dir, long size, boolean put) {
    super(Maria.server(), content, dir, size, put);
  }

  @Override
  long size(long configured) throws Exception {
    // The client sends a value escaped (up to twice its size) in a text-protocol statement.
    return Math.min(configured, (Maria.maxAllowedPacket() - STATEMENT_ROOM) / 2);
  }

  @Override
  void get(BlobStore store, BlobRef ref, Path target) throws Exception {
    try (OutputStream out = Files.newOutputStream(target)) {
      store.get(ref, out);
    }
  }

  @Override
  String amount(long size, long configured, String direction) {
    return String.format(
        Locale.ROOT,
        "%.1f MiB of random bytes %s (configured %d MiB, bounded by max_allowed_packet)",
        size / 1048576.0,
        direction,
        configured >> 20);
  }

  @Override
  String value() {
    return "one LONGBLOB value in " + Maria.ROWS_DATABASE + ".rows_table";
  }
}
