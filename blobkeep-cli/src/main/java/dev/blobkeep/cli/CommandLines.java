package dev.blobkeep.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The command line as picocli parses and runs it: every command but a plain {@code ls}. */
final class CommandLines {
  private CommandLines() {}

  /** Runs one command line against {@code terminal} and returns the exit status. */
  static int run(Terminal terminal, String... args) {
    BlobkeepCommand root = new BlobkeepCommand(terminal);
    CommandLine commandLine = commandLine(root, Commands.needed(List.of(args)));
    int status = commandLine.execute(args);
    try {
      commandLine.getOut().flush();
      terminal.flush();
    } catch (IOException e) {
      terminal.err().println("blobkeep: " + ErrorReporter.describe(e));
      return status == 0 ? Main.EXIT_FAILURE : status;
    }
    return status;
  }

  /** The command line with every subcommand, as {@code blobkeep --help} lists them. */
  static CommandLine commandLine(BlobkeepCommand root) {
    return commandLine(root, Commands.names());
  }

  /** The command line with only the subcommands {@code names}. */
  static CommandLine commandLine(BlobkeepCommand root, Set<String> names) {
    Terminal terminal = root.terminal();
    ErrorReporter reporter = new ErrorReporter(root);
    CommandLine commandLine = new CommandLine(root);
    for (String name : Commands.names()) {
      if (names.contains(name)) {
        commandLine.addSubcommand(name, Commands.create(name));
      }
    }
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      if (sub.getCommand() instanceof Subcommand command && !command.usesStore()) {
        // --db is inherited by every subcommand; one that never opens a store must not offer it.
        CommandSpec spec = sub.getCommandSpec();
        spec.remove(spec.findOption("--db"));
      }
    }
    return commandLine
        .setOut(new PrintWriter(new OutputStreamWriter(terminal.out(), StandardCharsets.UTF_8)))
        .setErr(
            new PrintWriter(new OutputStreamWriter(terminal.err(), StandardCharsets.UTF_8), true))
        .setParameterExceptionHandler(reporter)
        .setExecutionExceptionHandler(reporter)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }
}
