package dev.blobkeep.cli;

import dev.blobkeep.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code alloc SIZE}: creates a zero-filled blob in constant time and prints its id. */
@Command(
    name = "alloc",
    mixinStandardHelpOptions = true,
    description = {
      "Creates a zero-filled blob and prints its id.",
      "Takes constant time and space whatever the SIZE. Fill it with 'blobkeep write'."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep alloc 10M --bucket disks --key vm1.img",
      "  blobkeep write disks/vm1.img --offset 4K header.bin"
    })
final class AllocCommand extends StoreCommand {
  @Parameters(
      index = "0",
      paramLabel = "SIZE",
      converter = Sizes.class,
      description = "Bytes: 4096, 64K, 10M, 1G.")
  long size;

  @Mixin Placement placement;

  @Override
  void run(BlobStore store, Terminal terminal) {
    terminal.println(store.allocate(size, placement.options()).id());
  }
}
