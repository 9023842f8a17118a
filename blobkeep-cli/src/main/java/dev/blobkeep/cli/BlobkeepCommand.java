package dev.blobkeep.cli;

import dev.blobkeep.BlobStore;
import dev.blobkeep.StoreOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: global options; {@link Commands} lists the subcommands. */
@Command(
    name = "blobkeep",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Keeps files and binary data inside a database (a SQLite file, PostgreSQL or MariaDB).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep put cat.png --bucket photos --key 2024/cat.png",
      "  blobkeep get photos/2024/cat.png -o copy.png",
      "  blobkeep --db jdbc:postgresql://db/app?user=app ls --bucket photos",
      "",
      "A REF is an id or BUCKET/KEY. SIZE, offsets and lengths accept 4096, 64K, 10M, 1G.",
      "Exit status: 0 success, 1 failure (one line on stderr), 2 usage error."
    })
final class BlobkeepCommand implements Runnable {
  static final String DB_ENV = "BLOBKEEP_DB";
  static final String DEFAULT_DB = "./blobkeep.db";

  private final Terminal terminal;

  @Spec CommandSpec spec;

  @Option(
      names = "--db",
      paramLabel = "LOCATION",
      scope = ScopeType.INHERIT,
      description = {
        // Two lines: picocli may break a line after a colon, which would cut a URL scheme.
        "The store: a SQLite file path or a URL:",
        "jdbc:sqlite:, jdbc:postgresql: or jdbc:mariadb:.",
        "Default: $" + DB_ENV + ", else " + DEFAULT_DB
      })
  String db;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show the stack trace of a failure.")
  boolean debug;

  BlobkeepCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command");
  }

  Terminal terminal() {
    return terminal;
  }

  /** The location from {@code --db}, else {@code $BLOBKEEP_DB}, else {@value #DEFAULT_DB}. */
  String location() {
    if (db != null) {
      return db;
    }
    String fromEnv = terminal.env(DB_ENV);
    return fromEnv != null ? fromEnv : DEFAULT_DB;
  }

  /** Opens the store at {@link #location()}, creating it if missing; the caller closes it. */
  BlobStore openStore() {
    return BlobStore.open(location());
  }

  /**
   * Opens the existing store at {@link #location()} writable: fails with "no blobkeep store at
   * LOCATION" and creates nothing if there is none. The caller closes it.
   */
  BlobStore openExistingStore() {
    return BlobStore.open(location(), StoreOptions.defaults().create(false));
  }

  /**
   * Opens the existing store at {@link #location()} read-only, for commands that only read: fails
   * with "no blobkeep store at LOCATION" and creates nothing if there is none, and works where the
   * user may only read. One command uses one connection: a pool size of 1 spares an SQLite store
   * the pool's start-up. The caller closes it.
   */
  BlobStore openStoreForReading() {
    return BlobStore.open(location(), StoreOptions.defaults().readOnly(true).poolSize(1));
  }
}
