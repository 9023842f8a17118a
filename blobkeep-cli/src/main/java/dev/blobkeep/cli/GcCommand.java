package dev.blobkeep.cli;

import dev.blobkeep.BlobStore;
import dev.blobkeep.GcReport;
import picocli.CommandLine.Command;

/** {@code gc}: removes what interrupted work left behind and says what it removed. */
@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    description = {
      "Removes what interrupted work left behind and prints what it removed.",
      "That is uploads whose writer is gone and the content of deleted blobs. Uploads still in progress are left alone."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  blobkeep gc", "  blobkeep --db jdbc:postgresql://db/app?user=app gc"})
final class GcCommand extends StoreCommand {
  @Override
  void run(BlobStore store, Terminal terminal) {
    GcReport report = store.gc();
    terminal.println(
        "removed "
            + count(report.abandonedUploads(), "abandoned upload")
            + ", "
            + count(report.deletedBlobs(), "deleted blob")
            + ", "
            + count(report.chunks(), "chunk"));
  }

  private static String count(long n, String thing) {
    return n + " " + thing + (n == 1 ? "" : "s");
  }
}
