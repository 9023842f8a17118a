package dev.blobkeep.cli;

/**
 * A failure found by a command itself rather than by the library (a file that passes the end of a
 * blob, problems found by verify). Its one-line message is shown as it is.
 */
final class CommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CommandException(String message) {
    super(message);
  }
}
