package dev.blobkeep.cli;

import dev.blobkeep.PutOptions;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The common forms of {@code ls} run without picocli, whose classes (compiled for Java 5, so never
 * in the class data sharing archive) and annotation reflection were the largest share of a short
 * command's start. Accepts only {@code [--db LOCATION] [--debug] ls} followed by {@code --bucket},
 * {@code --prefix}, {@code --limit} and {@code --json} with ordinary values; any other argument,
 * any value picocli might read otherwise, and any value the checks refuse leave the whole command
 * line to picocli, so help, usage errors and their messages are picocli's as always. Failures while
 * running are reported exactly as {@link ErrorReporter} reports them.
 */
final class QuickLs {
  private QuickLs() {}

  /**
   * Runs {@code args} if they are one of the forms this class accepts.
   *
   * @return the exit status, or null if picocli must run the command line
   */
  static Integer run(Terminal terminal, String... args) {
    BlobkeepCommand root = new BlobkeepCommand(terminal);
    LsCommand ls = parse(root, List.of(args));
    if (ls == null) {
      return null;
    }
    int status = 0;
    try {
      ls.run(terminal);
    } catch (Exception e) {
      // as ErrorReporter.handleExecutionException prints it on picocli's error writer
      PrintWriter err =
          new PrintWriter(new OutputStreamWriter(terminal.err(), StandardCharsets.UTF_8), true);
      err.println("blobkeep: " + ErrorReporter.describe(e));
      if (root.debug) {
        e.printStackTrace(err);
      }
      err.flush();
      status = Main.EXIT_FAILURE;
    }
    try {
      terminal.flush();
    } catch (IOException e) {
      terminal.err().println("blobkeep: " + ErrorReporter.describe(e));
      return status == 0 ? Main.EXIT_FAILURE : status;
    }
    return status;
  }

  /** The checked {@code ls} command {@code args} describe, or null if they need picocli. */
  private static LsCommand parse(BlobkeepCommand root, List<String> args) {
    LsCommand ls = new LsCommand();
    ls.root = root;
    Set<String> seen = new HashSet<>();
    boolean command = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!command && arg.equals("ls")) {
        command = true;
        continue;
      }
      boolean takesValue = Set.of("--db", "--bucket", "--prefix", "--limit").contains(name);
      if (!takesValue && value != null) {
        return null;
      }
      if (takesValue && value == null) {
        if (i + 1 == args.size()) {
          return null;
        }
        value = args.get(++i);
      }
      if (!seen.add(name) || (value != null && !ordinary(value))) {
        return null;
      }
      if (!set(root, ls, command, name, value)) {
        return null;
      }
    }
    if (!command) {
      return null;
    }
    try {
      ls.check();
    } catch (RuntimeException e) {
      return null; // picocli reports it
    }
    return ls;
  }

  /** Sets one option; false if it is not one this class handles where it stands. */
  private static boolean set(
      BlobkeepCommand root, LsCommand ls, boolean afterCommand, String name, String value) {
    switch (name) {
      case "--db" -> root.db = value;
      case "--debug" -> root.debug = true;
      case "--json" -> ls.json = afterCommand;
      case "--prefix" -> ls.prefix = value;
      case "--bucket" -> {
        try {
          ls.bucket = PutOptions.defaults().bucket(value).bucket();
        } catch (RuntimeException e) {
          return false;
        }
      }
      case "--limit" -> {
        if (!value.matches("[1-9][0-9]{0,8}")) {
          return false;
        }
        ls.limit = Integer.valueOf(value);
      }
      default -> {
        return false;
      }
    }
    return afterCommand || name.equals("--db") || name.equals("--debug");
  }

  /** A value picocli takes as it is: not empty, not option-like, no quotes or line breaks. */
  private static boolean ordinary(String value) {
    return !value.isEmpty()
        && !value.startsWith("-")
        && value.chars().noneMatch(c -> c == '"' || c == '\'' || c < ' ');
  }
}
