package dev.blobkeep.internal;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import javax.sql.DataSource;

/** Opens stores: finds the backend for a location and starts the engine on it. */
public final class Stores {
  private Stores() {}

  public static BlobStore open(String location, StoreOptions options) {
    throw new UnsupportedOperationException("engine not built yet");
  }

  public static BlobStore open(DataSource dataSource, StoreOptions options) {
    throw new UnsupportedOperationException("engine not built yet");
  }
}
