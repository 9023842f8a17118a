package dev.blobkeep.cli;

import dev.blobkeep.BlobStore;

/** A subcommand that works on the store: opens it, runs, closes it. */
abstract class StoreCommand extends Subcommand {
  @Override
  final void run(Terminal terminal) throws Exception {
    try (BlobStore store = root.openStore()) {
      run(store, terminal);
    }
  }

  /** Does the command's work on the open store. */
  abstract void run(BlobStore store, Terminal terminal) throws Exception;
}
