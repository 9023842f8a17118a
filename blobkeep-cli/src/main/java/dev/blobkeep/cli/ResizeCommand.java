package dev.blobkeep.cli;

import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code resize REF SIZE}: grows a blob with zeros or cuts its tail. */
@Command(
    name = "resize",
    mixinStandardHelpOptions = true,
    description = "Grows a blob with zeros (in constant time) or cuts its tail.",
    footerHeading = "%nExamples:%n",
    footer = {"  blobkeep resize disks/vm1.img 20M", "  blobkeep resize logs/app.log 0"})
final class ResizeCommand extends StoreCommand {
  @Parameters(
      index = "0",
      paramLabel = "REF",
      converter = Refs.class,
      description = "The blob: an id or BUCKET/KEY.")
  BlobRef ref;

  @Parameters(
      index = "1",
      paramLabel = "SIZE",
      converter = Sizes.class,
      description = "The new size: 4096, 64K, 10M, 1G.")
  long size;

  @Override
  void run(BlobStore store, Terminal terminal) {
    store.resize(ref, size);
  }
}
