package dev.blobkeep.cli;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code verify [REF]}: rereads stored bytes against their checksums; fails on any problem. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks stored bytes against their checksums.",
      "Rereads one blob, or every blob: each chunk the store records as stored must be there with a matching CRC32C (which also ties it to its blob and index), no chunk may be stored where none should be, and each blob's SHA-256 must match; a stale SHA-256 is recomputed and recorded (unless --read-only), and says so. Prints each problem (blob id and bucket/key, chunk, what is wrong) and exits with status 1 if there is any."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep verify",
      "  blobkeep verify photos/2024/cat.png",
      "  blobkeep verify --read-only"
    })
final class VerifyCommand extends StoreCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "REF",
      converter = Refs.class,
      description = "The blob to check (default: every blob).")
  BlobRef ref;

  @Option(
      names = "--read-only",
      description = "Only read: needs no write access; a stale SHA-256 is reported, not recorded.")
  boolean readOnly;

  @Override
  BlobStore openStore() {
    // Never creates a store; writable unless --read-only, so a recomputed SHA-256 is kept.
    return readOnly ? root.openStoreForReading() : root.openExistingStore();
  }

  @Override
  void run(BlobStore store, Terminal terminal) {
    VerifyReport report = ref == null ? store.verifyAll() : store.verify(ref);
    for (VerifyReport.Note note : report.notes()) {
      terminal.println(note.message()); // "blob X (bucket/key) sha256 recomputed ..."
    }
    for (VerifyReport.Problem problem : report.problems()) {
      // names the blob and chunk: "blob X (bucket/key) chunk 3 is missing: ..."
      terminal.println(problem.message());
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
