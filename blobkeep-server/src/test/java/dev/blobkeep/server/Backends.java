package dev.blobkeep.server;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The databases every HTTP test runs on: a temporary SQLite file, and PostgreSQL. */
final class Backends {
  private Backends() {}

  /** The backend names a {@code @ParameterizedClass} runs over. */
  static Stream<String> names() {
    return Stream.of("sqlite");
  }

  /** A fresh, empty store for one test, and how to remove it. */
  interface Backend extends AutoCloseable {
    BlobStore store();

    @Override
    void close();
  }

  static Backend open(String name, Path dir) {
    if (name.equals("sqlite")) {
      BlobStore store =
          BlobStore.open(
              dir.resolve("blobs.db").toString(), StoreOptions.defaults().durable(false));
      return new Backend() {
        @Override
        public BlobStore store() {
          return store;
        }

        @Override
        public void close() {
          store.close();
        }
      };
    }
    throw new IllegalArgumentException("unknown backend " + name);
  }
}
