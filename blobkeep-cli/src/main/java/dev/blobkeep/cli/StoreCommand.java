package dev.blobkeep.cli;

import dev.blobkeep.BlobStore;

/** A subcommand that works on the store: opens it, runs, closes it. */
abstract class StoreCommand extends Subcommand {
  @Override
  final void run(Terminal terminal) throws Exception {
    try (BlobStore store = openStore()) {
      run(store, terminal);
    }
  }

  /**
   * Opens the store writable, creating it if the location holds none. A command that only reads
   * overrides this with {@link BlobkeepCommand#openStoreForReading()}: it must never create a
   * store, nor need write access.
   */
  BlobStore openStore() {
    return root.openStore();
  }

  /** Does the command's work on the open store. */
  abstract void run(BlobStore store, Terminal terminal) throws Exception;
}
