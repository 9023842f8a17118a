package dev.blobkeep.cli;

/**
 * The {@code blobkeep} command line. Exit status: 0 on success, 2 for a usage error (unknown
 * option, missing or malformed argument), 1 for any other failure, which is described in one line
 * on standard error.
 */
public final class Main {
  static final int EXIT_FAILURE = 1;

  private Main() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(Terminal.system(), args));
  }

  /**
   * Runs one command line against {@code terminal} and returns the exit status: a plain {@code ls}
   * by {@link QuickLs}, anything else by picocli ({@link CommandLines}). No picocli type appears in
   * this class: verifying it would load picocli's classes, which are too old a class format for the
   * launcher's class data sharing archive (Java 5), from the jar.
   */
  static int run(Terminal terminal, String... args) {
    Integer quick = QuickLs.run(terminal, args);
    return quick != null ? quick : CommandLines.run(terminal, args);
  }
}
