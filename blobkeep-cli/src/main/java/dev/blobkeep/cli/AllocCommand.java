package dev.blobkeep.cli;

import dev.blobkeep.BlobStore;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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

  @Option(names = "--bucket", paramLabel = "B", description = "Bucket (default: default).")
  String bucket;

  @Option(names = "--key", paramLabel = "K", description = "Key, unique within the bucket.")
  String key;

  @Option(
      names = "--meta",
      paramLabel = "NAME=VALUE",
      converter = Field.Converter.class,
      description = "A user field (a string); repeatable.")
  List<Field> meta = new ArrayList<>();

  @Override
  void run(BlobStore store, Terminal terminal) {
    terminal.println(store.allocate(size, Placement.options(bucket, key, meta)).id());
  }
}
