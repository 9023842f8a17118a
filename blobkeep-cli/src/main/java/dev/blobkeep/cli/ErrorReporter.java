package dev.blobkeep.cli;

import dev.blobkeep.BlobkeepException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Reports failures as one line on standard error, {@code blobkeep: <what went wrong>}, and picks
 * the exit status: 2 for usage errors, 1 for anything else. With {@code --debug} the stack trace
 * follows the line.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
  static final int EXIT_USAGE = 2;

  private final BlobkeepCommand root;

  ErrorReporter(BlobkeepCommand root) {
    this.root = root;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    String help = e.getCommandLine().getCommandSpec().qualifiedName() + " --help";
    PrintWriter err = e.getCommandLine().getErr();
    err.println("blobkeep: " + oneLine(e.getMessage()) + " (see '" + help + "')");
    if (root.debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return EXIT_USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    err.println("blobkeep: " + describe(e));
    if (root.debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return Main.EXIT_FAILURE;
  }

  /** What went wrong, in one line: the library's message, or a file error with its path. */
  static String describe(Throwable e) {
    if (e instanceof UncheckedIOException && e.getCause() != null) {
      return describe(e.getCause());
    }
    if (e instanceof IOException && e.getCause() instanceof BlobkeepException cause) {
      return describe(cause);
    }
    if (e instanceof NoSuchFileException f) {
      return "no such file or directory: " + f.getFile();
    }
    if (e instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    if (e instanceof FileAlreadyExistsException f) {
      return "file already exists: " + f.getFile();
    }
    if (e instanceof NotDirectoryException f) {
      return "not a directory: " + f.getFile();
    }
    if (e instanceof DirectoryNotEmptyException f) {
      return "directory not empty: " + f.getFile();
    }
    if (e instanceof FileSystemException f && f.getFile() != null && f.getReason() != null) {
      return f.getFile() + ": " + f.getReason();
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getName() + " (run with --debug for the stack trace)";
    }
    return oneLine(message);
  }

  private static String oneLine(String message) {
    return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
