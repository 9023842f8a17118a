package dev.blobkeep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A subcommand of {@code blobkeep}: checks its options, then runs. Failures are thrown and reported
 * by {@link ErrorReporter}.
 */
abstract class Subcommand implements Callable<Integer> {
  @ParentCommand BlobkeepCommand root;

  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    check();
    run(root.terminal());
    return 0;
  }

  /** Checks option combinations before anything is opened; throws {@link #usageError}. */
  void check() {}

  /** Does the command's work. */
  abstract void run(Terminal terminal) throws Exception;

  /** A usage error (exit status 2) about this command's arguments. */
  final ParameterException usageError(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
