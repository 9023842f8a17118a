package dev.blobkeep.cli;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code verify [REF]}: rereads stored bytes against their checksums; fails on any problem. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks stored bytes against their checksums.",
      "Rereads one blob, or every blob, checking each chunk's CRC32C and each blob's SHA-256. Prints each problem (blob, chunk, what is wrong) and exits with status 1 if there is any."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  blobkeep verify", "  blobkeep verify photos/2024/cat.png"})
final class VerifyCommand extends StoreCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "REF",
      converter = Refs.class,
      description = "The blob to check (default: every blob).")
  BlobRef ref;

  @Override
  BlobStore openStore() {
    return root.openStoreForReading(); // reads only: never creates a store
  }

  @Override
  void run(BlobStore store, Terminal terminal) {
    VerifyReport report = ref == null ? store.verifyAll() : store.verify(ref);
    for (VerifyReport.Problem problem : report.problems()) {
      terminal.println(problem.message()); // names the blob and chunk: "blob X chunk 3 is corrupt"
    }
    String checked =
        count(report.blobsChecked(), "blob") + ", " + count(report.bytesChecked(), "byte");
    if (!report.ok()) {
      throw new CommandException(
          count(report.problems().size(), "problem") + " found (" + checked + " checked)");
    }
    terminal.println("ok: " + checked + " checked");
  }

  private static String count(long n, String thing) {
    return n + " " + thing + (n == 1 ? "" : "s");
  }
}
