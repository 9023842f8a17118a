package dev.blobkeep.cli;

import dev.blobkeep.InvalidArgumentException;
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
    try {
      check();
    } catch (InvalidArgumentException e) {
      throw usageError(e.getMessage()); // an argument's value the library refused
    }
    run(root.terminal());
    return 0;
  }

  /**
   * Checks options and their combinations before anything is opened; throws {@link #usageError}, or
   * an {@link InvalidArgumentException} about an argument's value, also reported as one.
   */
  void check() {}

  /** False for a command that never opens a store: it does not offer {@code --db}. */
  boolean usesStore() {
    return true;
  }

  /** Does the command's work. */
  abstract void run(Terminal terminal) throws Exception;

  /** A usage error (exit status 2) about this command's arguments. */
  final ParameterException usageError(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
