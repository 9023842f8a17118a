package dev.blobkeep.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The subcommands of {@code blobkeep} by name, in the order the help lists them. A command line
 * registers only the subcommand it runs: picocli builds each command's model by reflection, and
 * building all of them was a large share of a short command's start.
 */
final class Commands {
  private static final Map<String, Supplier<Subcommand>> ALL = new LinkedHashMap<>();

  static {
    ALL.put("put", PutCommand::new);
    ALL.put("fetch", FetchCommand::new);
    ALL.put("import", ImportCommand::new);
    ALL.put("copy", CopyCommand::new);
    ALL.put("get", GetCommand::new);
    ALL.put("info", InfoCommand::new);
    ALL.put("ls", LsCommand::new);
    ALL.put("meta", MetaCommand::new);
    ALL.put("rm", RmCommand::new);
    ALL.put("alloc", AllocCommand::new);
    ALL.put("write", WriteCommand::new);
    ALL.put("resize", ResizeCommand::new);
    ALL.put("verify", VerifyCommand::new);
    ALL.put("gc", GcCommand::new);
    ALL.put("backup", BackupCommand::new);
    ALL.put("serve", ServeCommand::new);
    ALL.put("encode", EncodeCommand::new);
    ALL.put("decode", DecodeCommand::new);
    ALL.put("bench", BenchCommand::new);
  }

  /** The root's options that take a value, which the search for the command name skips. */
  private static final Set<String> ROOT_OPTIONS_WITH_VALUE = Set.of("--db");

  /** The root's options without a value. */
  private static final Set<String> ROOT_FLAGS =
      Set.of("--debug", "-h", "--help", "-V", "--version");

  private Commands() {}

  /** Every subcommand name, in help order. */
  static Set<String> names() {
    return ALL.keySet();
  }

  /** A new instance of the subcommand {@code name}, one of {@link #names()}. */
  static Subcommand create(String name) {
    return ALL.get(name).get();
  }

  /**
   * The subcommands a command line needs: the one {@code args} name after the root's options, or
   * every one when {@code args} name none that exists (root help, a usage error that lists or
   * suggests commands) or hold something this search does not understand.
   */
  static Set<String> needed(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (ROOT_OPTIONS_WITH_VALUE.contains(arg)) {
        i++; // its value
      } else if (ROOT_FLAGS.contains(arg) || isRootOptionWithValue(arg)) {
        continue;
      } else if (ALL.containsKey(arg)) {
        return Set.of(arg);
      } else {
        break;
      }
    }
    return names();
  }

  private static boolean isRootOptionWithValue(String arg) {
    int eq = arg.indexOf('=');
    return eq > 0 && ROOT_OPTIONS_WITH_VALUE.contains(arg.substring(0, eq));
  }
}
