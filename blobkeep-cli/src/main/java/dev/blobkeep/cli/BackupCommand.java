package dev.blobkeep.cli;

import dev.blobkeep.BlobStore;
import dev.blobkeep.VerifyReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code backup DEST}: {@link BlobStore#backupTo}, a verified online copy of a SQLite store. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a consistent copy of a SQLite store into the new file DEST while others go on"
          + " reading and writing it (SQLite's VACUUM INTO), then opens the copy read-only and"
          + " verifies every blob in it. Opens the store read-only.",
      "DEST must not exist. A PostgreSQL or MariaDB store is refused: use its own backups (pg_dump, mariadb-backup, a"
          + " replica), or 'blobkeep copy --to FILE' for a SQLite copy."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  blobkeep backup /backups/blobkeep-2024-06-01.db"})
final class BackupCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "DEST", description = "The new file to write.")
  Path dest;

  @Override
  BlobStore openStore() {
    return root.openStoreForReading(); // never creates a store
  }

  @Override
  void run(BlobStore store, Terminal terminal) {
    VerifyReport report = store.backupTo(dest);
    for (VerifyReport.Problem problem : report.problems()) {
      terminal.println(problem.message());
    }
    String what =
        report.blobsChecked()
            + (report.blobsChecked() == 1 ? " blob" : " blobs")
            + " ("
            + Sizes.human(report.bytesChecked())
            + ")";
    if (!report.ok()) {
      throw new CommandException(
          "the backup in " + dest + " has " + report.problems().size() + " problems (see above)");
    }
    terminal.println("backed up " + what + " into " + dest + ", verified");
  }
}
