package dev.blobkeep.examples;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;

/**
 * The two ways docs/postgresql.md opens a store on PostgreSQL: by JDBC URL (the store makes and
 * closes its pool) and on the application's own {@link DataSource} (the application keeps it). The
 * region between the {@code tag} comments is included in that page and checked by {@code
 * DocsSamplesTest}, which runs it against a real server.
 */
final class PostgresStores {
  private PostgresStores() {}

  /** Stores a blob through a store opened by URL and reads it back through one on a pool. */
  static String putByUrlReadOnPool(String url, DataSource myDataSource, String schema) {
    // tag::open[]
    try (BlobStore store = BlobStore.open(url, StoreOptions.defaults().schema(schema))) {
      store.put("hello".getBytes(StandardCharsets.UTF_8), PutOptions.at("docs", "hello.txt"));
    } // closes the store's own pool

    try (BlobStore store = BlobStore.open(myDataSource, StoreOptions.defaults().schema(schema))) {
      byte[] hello = store.getBytes(BlobRef.key("docs", "hello.txt"));
      return new String(hello, StandardCharsets.UTF_8);
    } // leaves myDataSource open: you keep the pool
    // end::open[]
  }
}
