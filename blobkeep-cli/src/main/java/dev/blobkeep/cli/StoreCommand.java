package dev.blobkeep.cli;

import dev.blobkeep.BlobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A subcommand that works on the store: opens it, runs, closes it. Failures are thrown and reported
 * by {@link ErrorReporter}.
 */
abstract class StoreCommand implements Callable<Integer> {
  @ParentCommand BlobkeepCommand root;

  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    check();
    try (BlobStore store = root.openStore()) {
      run(store, root.terminal());
    }
    return 0;
  }

  /** Checks option combinations before the store is opened; throws {@link #usageError}. */
  void check() {}

  /** Does the command's work. */
  abstract void run(BlobStore store, Terminal terminal) throws Exception;

  /** A usage error (exit status 2) about this command's arguments. */
  final ParameterException usageError(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
