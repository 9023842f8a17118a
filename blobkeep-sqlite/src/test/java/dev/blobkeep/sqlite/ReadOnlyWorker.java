package dev.blobkeep.sqlite;

import dev.blobkeep.BlobStore;
import dev.blobkeep.Query;
import dev.blobkeep.StoreOptions;

/**
 * Opens a store in a child JVM (run as another user by {@link SqliteReadOnlyTest}) and prints what
 * it found: {@code blobs N} and exit 0, or the failure's message and exit 1.
 *
 * <p>Arguments: the store location, then {@code read-only} or {@code writable}, then optionally the
 * pool size.
 */
public final class ReadOnlyWorker {
  private ReadOnlyWorker() {}

  public static void main(String[] args) {
    StoreOptions options = StoreOptions.defaults().readOnly(args[1].equals("read-only"));
    if (args.length > 2) {
      options = options.poolSize(Integer.parseInt(args[2]));
    }
    try (BlobStore store = BlobStore.open(args[0], options)) {
      int n = store.list(Query.all()).items().size();
      System.out.println("blobs " + n);
    } catch (RuntimeException e) {
      System.out.println("failed: " + e.getMessage());
      System.exit(1);
    }
  }
}
