package dev.blobkeep.cli;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rm REF...}: removes blobs, all or none. */
@Command(
    name = "rm",
    mixinStandardHelpOptions = true,
    description = {
      "Removes blobs and their content, all or none.",
      "If any REF matches no blob, nothing is removed."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep rm photos/2024/cat.png",
      "  blobkeep ls --bucket tmp --fields id --json | jq -r .id | xargs blobkeep rm"
    })
final class RmCommand extends StoreCommand {
  @Parameters(
      arity = "1..*",
      paramLabel = "REF",
      converter = Refs.class,
      description = "The blobs: ids or BUCKET/KEY.")
  List<BlobRef> refs;

  @Override
  void run(BlobStore store, Terminal terminal) {
    store.useTransaction(
        tx -> {
          for (BlobRef ref : refs) {
            tx.delete(ref);
          }
        });
  }
}
