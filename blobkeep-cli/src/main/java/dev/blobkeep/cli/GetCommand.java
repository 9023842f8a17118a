package dev.blobkeep.cli;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.OpenMode;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code get REF}: writes a blob, or a range of it, to standard output or a file. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a blob, or a range of it, to standard output or a file.",
      "A file is replaced only once every byte has arrived."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  blobkeep get photos/2024/cat.png -o cat.png",
      "  blobkeep get 0190f1c2-7d3e-7c4a-9b1e-2f5a6c7d8e9f > report.pdf",
      "  blobkeep get logs/app.log --offset 1M --length 4K",
      "  blobkeep get photos/2024/cat.png --length 16 --format hex"
    })
final class GetCommand extends StoreCommand {
  @Parameters(
      index = "0",
      paramLabel = "REF",
      converter = Refs.class,
      description = "The blob: an id or BUCKET/KEY.")
  BlobRef ref;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE|-",
      description = "Where to write (default: '-', standard output).")
  String output = "-";

  @Option(
      names = "--offset",
      paramLabel = "N",
      converter = Sizes.class,
      description = "First byte to write (default: 0).")
  long offset;

  @Option(
      names = "--format",
      paramLabel = "raw|hex|escape",
      description = {
        "raw (default): the bytes as they are; hex or escape: text exactly as PostgreSQL prints"
            + " a bytea (\\x0102..., or a\\000\\\\b), with no line end added."
      })
  ByteFormat format = ByteFormat.RAW;

  @Option(
      names = "--length",
      paramLabel = "N",
      converter = Sizes.class,
      description = "How many bytes to write (default: up to the end).")
  Long length;

  @Override
  BlobStore openStore() {
    return root.openStoreForReading(); // reads only: never creates a store
  }

  @Override
  void run(BlobStore store, Terminal terminal) throws IOException {
    long size;
    String id;
    // The size without info(), which would first recompute a stale SHA-256 from every byte.
    try (BlobChannel channel = store.open(ref, OpenMode.READ)) {
      size = channel.size();
      id = channel.blobId();
    }
    if (offset > size) {
      throw new CommandException(
          "offset " + offset + " is past the end of blob " + id + " (size " + size + ")");
    }
    long count = length == null ? size - offset : length;
    if (count > size - offset) {
      throw new CommandException(
          "offset "
              + offset
              + " + length "
              + count
              + " passes the end of blob "
              + id
              + " (size "
              + size
              + ")");
    }
    // By id from here on: a blob put under the same key meanwhile must not be mixed in.
    BlobRef blob = BlobRef.id(id);
    try (Progress progress = Progress.start(terminal, "get " + ref, count)) {
      AtomicFile.Content bytes = out -> store.get(blob, offset, count, progress.track(out));
      if (output.equals("-")) {
        format.write(terminal.out(), bytes);
      } else {
        AtomicFile.write(Path.of(output), out -> format.write(out, bytes));
      }
    }
  }
}
