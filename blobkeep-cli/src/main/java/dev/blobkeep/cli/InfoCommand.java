package dev.blobkeep.cli;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code info REF}: prints a blob's metadata as one JSON object. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a blob's metadata as one JSON object.",
      "Fields: id, bucket, key, size, content_type, sha256, created, updated (ISO-8601 UTC) and meta (the user fields)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep info photos/2024/cat.png",
      "  blobkeep info 0190f1c2-7d3e-7c4a-9b1e-2f5a6c7d8e9f | jq -r .sha256"
    })
final class InfoCommand extends StoreCommand {
  @Parameters(
      index = "0",
      paramLabel = "REF",
      converter = Refs.class,
      description = "The blob: an id or BUCKET/KEY.")
  BlobRef ref;

  @Override
  BlobStore openStore() {
    return root.openStoreForReading(); // reads only: never creates a store
  }

  @Override
  void run(BlobStore store, Terminal terminal) {
    terminal.println(BlobJson.pretty(BlobJson.all(store.info(ref))));
  }
}
